package dev.rolegate.sso.saml;

import static dev.rolegate.sso.saml.TestIdp.ATTACKER_KEY;
import static dev.rolegate.sso.saml.TestIdp.KEY;
import static dev.rolegate.sso.saml.TestIdp.NEXT_KEY;
import static dev.rolegate.sso.saml.TestIdp.NOW;
import static dev.rolegate.sso.saml.TestIdp.REQUEST_ID;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.opensaml.saml.saml2.core.StatusCode;
import org.opensaml.xmlsec.signature.support.SignatureConstants;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import dev.rolegate.sso.saml.TestIdp.Context;
import dev.rolegate.sso.saml.TestIdp.Signing;
import dev.rolegate.sso.saml.TestIdp.Spec;

/** Every check of {@link SamlResponseValidator}, one refusal reason at a time. */
class SamlResponseValidatorTest {

    private final SamlResponseValidator validator = new SamlResponseValidator();

    private SamlLogin accept(String samlResponse, Context context) {
        return validator.validate(samlResponse, context.build());
    }

    private SamlFailure refuse(String samlResponse, Context context) {
        SamlValidationException e = assertThrows(SamlValidationException.class,
                () -> validator.validate(samlResponse, context.build()));
        return e.reason();
    }

    private SamlFailure refuse(Spec spec, Signing signing) {
        return refuse(TestIdp.encoded(spec, signing), new Context());
    }

    @Nested
    class Accepted {

        @Test
        void signedAssertionYieldsTheLogin() {
            Spec spec = new Spec();
            SamlLogin login = accept(TestIdp.encoded(spec, Signing.assertionOnly()), new Context());

            assertEquals("alice@example.test", login.nameId());
            assertEquals("urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress", login.nameIdFormat());
            assertEquals(TestIdp.ENTITY_ID, login.idpEntityId());
            assertEquals(spec.assertionId, login.assertionId());
            assertEquals(Optional.of("_session-1"), login.sessionIndex());
            assertEquals(spec.authnInstant, login.authnInstant());
            assertEquals(Optional.of(REQUEST_ID), login.inResponseTo());
            assertEquals(List.of("engineering", "admins"), login.attribute("groups"));
            assertEquals(Optional.of("alice@example.test"), login.firstAttribute("email"));
            assertEquals(List.of(), login.attribute("absent"));
        }

        @Test
        void signedResponseCoversItsUnsignedAssertion() {
            // The Response signature is enveloped over the whole Response, assertion included.
            SamlLogin login = accept(TestIdp.encoded(new Spec(), Signing.responseOnly()), new Context());
            assertEquals("alice@example.test", login.nameId());
        }

        @Test
        void bothSigned() {
            assertEquals("alice@example.test",
                    accept(TestIdp.encoded(new Spec(), Signing.both()), new Context()).nameId());
        }

        @Test
        void theRequestIdIsConsumed() {
            Context context = new Context();
            accept(TestIdp.encoded(new Spec(), Signing.assertionOnly()), context);
            assertFalse(context.outstanding.contains(REQUEST_ID));
        }

        @Test
        void unsolicitedWhenAllowed() {
            Context context = new Context();
            context.allowIdpInitiated = true;
            SamlLogin login = accept(TestIdp.encoded(new Spec().unsolicited(), Signing.assertionOnly()),
                    context);
            assertEquals(Optional.empty(), login.inResponseTo());
        }

        @Test
        void missingNameIdFormatIsUnspecified() {
            Spec spec = new Spec();
            spec.nameIdFormat = null;
            assertEquals(SamlLogin.UNSPECIFIED_NAME_ID_FORMAT,
                    accept(TestIdp.encoded(spec, Signing.assertionOnly()), new Context()).nameIdFormat());
        }

        @Test
        void responseWithoutIssuerIsAllowed() {
            // Profiles §4.1.4.2: the Response Issuer MAY be omitted; the assertion's is checked.
            Spec spec = new Spec();
            spec.responseIssuer = null;
            accept(TestIdp.encoded(spec, Signing.assertionOnly()), new Context());
        }

        @Test
        void base64WithLineBreaksIsAccepted() {
            String encoded = TestIdp.encoded(new Spec(), Signing.assertionOnly());
            String wrapped = encoded.replaceAll("(.{76})", "$1\r\n");
            accept(wrapped, new Context());
        }

        @Test
        void loginToStringHidesPersonalData() {
            SamlLogin login = accept(TestIdp.encoded(new Spec(), Signing.assertionOnly()), new Context());
            assertFalse(login.toString().contains("alice"));
        }
    }

    @Nested
    class SizeAndParsing {

        @Test
        void oversizedBlobIsRefusedBeforeDecoding() {
            byte[] junk = new byte[SamlResponseValidator.DEFAULT_MAX_RESPONSE_BYTES + 1];
            assertEquals(SamlFailure.TOO_LARGE,
                    refuse(Base64.getEncoder().encodeToString(junk), new Context()));
        }

        @Test
        void validResponseAboveAConfiguredBoundIsTooLarge() {
            SamlResponseValidator small = new SamlResponseValidator(2048);
            String encoded = TestIdp.encoded(new Spec(), Signing.assertionOnly());
            SamlValidationException e = assertThrows(SamlValidationException.class,
                    () -> small.validate(encoded, new Context().build()));
            assertEquals(SamlFailure.TOO_LARGE, e.reason());
        }

        @Test
        void notBase64() {
            assertEquals(SamlFailure.MALFORMED, refuse("not base64 at all!", new Context()));
        }

        @Test
        void empty() {
            assertEquals(SamlFailure.MALFORMED, refuse("", new Context()));
        }

        @Test
        void notXml() {
            assertEquals(SamlFailure.MALFORMED, refuse(TestIdp.encode("hello"), new Context()));
        }

        @Test
        void notAResponse() {
            Document document = TestIdp.signed(new Spec(), Signing.assertionOnly());
            String assertionOnly = Dom.toXml(Dom.assertion(document));
            assertEquals(SamlFailure.MALFORMED, refuse(TestIdp.encode(assertionOnly), new Context()));
        }

        @Test
        void externalEntityIsRefused() {
            String xml = Dom.toXml(TestIdp.signed(new Spec(), Signing.assertionOnly()))
                    .replaceFirst("<\\?xml[^>]*\\?>", "")
                    .replace("alice@example.test</saml2:NameID>", "&xxe;</saml2:NameID>");
            String withDtd = "<?xml version=\"1.0\"?>\n<!DOCTYPE samlp:Response ["
                    + "<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n" + xml;
            assertEquals(SamlFailure.DTD_FORBIDDEN, refuse(TestIdp.encode(withDtd), new Context()));
        }

        @Test
        void billionLaughsIsRefused() {
            String xml = "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">"
                    + "<!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">]>"
                    + "<samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\">&lol2;"
                    + "</samlp:Response>";
            assertEquals(SamlFailure.DTD_FORBIDDEN, refuse(TestIdp.encode(xml), new Context()));
        }

        @Test
        void externalDtdIsRefused() {
            String xml = "<?xml version=\"1.0\"?><!DOCTYPE Response SYSTEM \"http://127.0.0.1:1/evil.dtd\">"
                    + "<samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\"/>";
            assertEquals(SamlFailure.DTD_FORBIDDEN, refuse(TestIdp.encode(xml), new Context()));
        }

        @Test
        void deepNestingIsRefused() {
            StringBuilder xml = new StringBuilder("<samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\""
                    + " ID=\"_r\" Version=\"2.0\" IssueInstant=\"2026-05-04T10:00:00Z\"><samlp:Extensions>");
            for (int i = 0; i < 100; i++) {
                xml.append("<x:a xmlns:x=\"urn:example\">");
            }
            for (int i = 0; i < 100; i++) {
                xml.append("</x:a>");
            }
            xml.append("</samlp:Extensions></samlp:Response>");
            assertEquals(SamlFailure.MALFORMED, refuse(TestIdp.encode(xml.toString()), new Context()));
        }
    }

    @Nested
    class StatusAndAssertionCount {

        @Test
        void statusNotSuccess() {
            Spec spec = new Spec();
            spec.statusCode = StatusCode.RESPONDER;
            assertEquals(SamlFailure.STATUS_NOT_SUCCESS, refuse(spec, Signing.responseOnly()));
        }

        @Test
        void noAssertion() {
            Document document = TestIdp.signed(new Spec(), Signing.none());
            Element assertion = Dom.assertion(document);
            assertion.getParentNode().removeChild(assertion);
            assertEquals(SamlFailure.NO_ASSERTION, refuse(TestIdp.encode(document), new Context()));
        }

        @Test
        void twoSignedAssertions() {
            var response = TestIdp.build(new Spec());
            response.getAssertions().add(TestIdp.assertion(new Spec()));
            Document document = TestIdp.sign(response, Signing.assertionOnly());
            assertEquals(SamlFailure.MULTIPLE_ASSERTIONS, refuse(TestIdp.encode(document), new Context()));
        }

        @Test
        void signedAssertionPlusAnUnsignedOne() {
            Document document = TestIdp.signed(new Spec(), Signing.assertionOnly());
            Document other = TestIdp.signed(new Spec(), Signing.none());
            Element unsigned = (Element) document.importNode(Dom.assertion(other), true);
            Dom.assertion(document).getParentNode().appendChild(unsigned);
            assertEquals(SamlFailure.MULTIPLE_ASSERTIONS, refuse(TestIdp.encode(document), new Context()));
        }

        @Test
        void encryptedAssertionWithoutAnSpKeyIsNotSupported() {
            Document document = TestIdp.signed(new Spec(), Signing.none());
            Element assertion = Dom.assertion(document);
            Element encrypted = document.createElementNS(Dom.SAML, "saml2:EncryptedAssertion");
            Element data = document.createElementNS("http://www.w3.org/2001/04/xmlenc#", "xenc:EncryptedData");
            encrypted.appendChild(data);
            assertion.getParentNode().replaceChild(encrypted, assertion);
            assertEquals(SamlFailure.ENCRYPTED_NOT_SUPPORTED,
                    refuse(TestIdp.encode(document), new Context()));
        }
    }

    @Nested
    class Signatures {

        @Test
        void unsignedResponseWithUnsignedAssertion() {
            assertEquals(SamlFailure.UNSIGNED, refuse(new Spec(), Signing.none()));
        }

        @Test
        void tamperedSignedAssertion() {
            Document document = TestIdp.signed(new Spec(), Signing.assertionOnly());
            Dom.setText(document, Dom.SAML, "NameID", "mallory@example.test");
            assertEquals(SamlFailure.INVALID_SIGNATURE, refuse(TestIdp.encode(document), new Context()));
        }

        @Test
        void tamperedAssertionInsideSignedResponse() {
            Document document = TestIdp.signed(new Spec(), Signing.responseOnly());
            Dom.setText(document, Dom.SAML, "NameID", "mallory@example.test");
            assertEquals(SamlFailure.INVALID_SIGNATURE, refuse(TestIdp.encode(document), new Context()));
        }

        @Test
        void attackerKeyInKeyInfoIsIgnored() {
            // Signed by a key the IdP never published, whose certificate rides along in KeyInfo.
            assertEquals(SamlFailure.INVALID_SIGNATURE,
                    refuse(new Spec(), Signing.assertionOnly().with(ATTACKER_KEY)));
        }

        @Test
        void validAssertionSignatureDoesNotExcuseABadResponseSignature() {
            Document document = TestIdp.signed(new Spec(), Signing.both());
            Element responseSignature = Dom.signatureOf(document.getDocumentElement());
            Dom.first(responseSignature, Dom.DS, "SignatureValue").setTextContent(
                    Base64.getEncoder().encodeToString(new byte[256]));
            assertEquals(SamlFailure.INVALID_SIGNATURE, refuse(TestIdp.encode(document), new Context()));
        }

        @Test
        void sha1SignatureRefusedByDefault() {
            assertEquals(SamlFailure.SIGNATURE_ALGORITHM_NOT_ALLOWED, refuse(new Spec(),
                    Signing.assertionOnly().with(SignatureConstants.ALGO_ID_SIGNATURE_RSA_SHA1,
                            SignatureConstants.ALGO_ID_DIGEST_SHA256)));
        }

        @Test
        void sha1DigestRefusedByDefault() {
            assertEquals(SamlFailure.SIGNATURE_ALGORITHM_NOT_ALLOWED, refuse(new Spec(),
                    Signing.assertionOnly().with(SignatureConstants.ALGO_ID_SIGNATURE_RSA_SHA256,
                            SignatureConstants.ALGO_ID_DIGEST_SHA1)));
        }

        @Test
        void sha1AcceptedWhenTheAccountOptsIn() {
            Context context = new Context();
            context.allowSha1 = true;
            String encoded = TestIdp.encoded(new Spec(), Signing.assertionOnly().with(
                    SignatureConstants.ALGO_ID_SIGNATURE_RSA_SHA1, SignatureConstants.ALGO_ID_DIGEST_SHA1));
            assertEquals("alice@example.test", accept(encoded, context).nameId());
        }

        @Test
        void strongerAlgorithmsAccepted() {
            String encoded = TestIdp.encoded(new Spec(), Signing.assertionOnly().with(
                    SignatureConstants.ALGO_ID_SIGNATURE_RSA_SHA512, SignatureConstants.ALGO_ID_DIGEST_SHA512));
            accept(encoded, new Context());
        }

        @Test
        void hmacIsNeverAllowed() {
            Document document = TestIdp.signed(new Spec(), Signing.assertionOnly());
            Dom.first(document, Dom.DS, "SignatureMethod").setAttribute("Algorithm",
                    SignatureConstants.ALGO_ID_MAC_HMAC_SHA256);
            Context context = new Context();
            context.allowSha1 = true;
            assertEquals(SamlFailure.SIGNATURE_ALGORITHM_NOT_ALLOWED,
                    refuse(TestIdp.encode(document), context));
        }

        @Test
        void emptyReferenceUriIsRefused() {
            // URI="" means "the whole document"; only a reference to the element's own ID counts.
            Document document = TestIdp.signed(new Spec(), Signing.assertionOnly());
            Dom.first(document, Dom.DS, "Reference").setAttribute("URI", "");
            assertEquals(SamlFailure.INVALID_SIGNATURE, refuse(TestIdp.encode(document), new Context()));
        }

        @Test
        void keyRolloverBothPublishedCertificatesAccepted() {
            Context context = new Context();
            context.idp = TestIdp.metadata(KEY, NEXT_KEY);
            accept(TestIdp.encoded(new Spec(), Signing.assertionOnly().with(KEY)), context);

            Context next = new Context();
            next.idp = TestIdp.metadata(KEY, NEXT_KEY);
            accept(TestIdp.encoded(new Spec(), Signing.assertionOnly().with(NEXT_KEY)), next);
        }

        @Test
        void keyRolloverRemovedCertificateRefused() {
            Context context = new Context();
            context.idp = TestIdp.metadata(NEXT_KEY);
            assertEquals(SamlFailure.INVALID_SIGNATURE,
                    refuse(TestIdp.encoded(new Spec(), Signing.assertionOnly().with(KEY)), context));
        }
    }

    @Nested
    class IssuerAndDestination {

        @Test
        void wrongResponseIssuer() {
            Spec spec = new Spec();
            spec.responseIssuer = "https://evil.example.test/idp";
            assertEquals(SamlFailure.WRONG_ISSUER, refuse(spec, Signing.responseOnly()));
        }

        @Test
        void wrongAssertionIssuer() {
            Spec spec = new Spec();
            spec.assertionIssuer = "https://evil.example.test/idp";
            assertEquals(SamlFailure.WRONG_ISSUER, refuse(spec, Signing.assertionOnly()));
        }

        @Test
        void missingAssertionIssuer() {
            Spec spec = new Spec();
            spec.assertionIssuer = null;
            assertEquals(SamlFailure.WRONG_ISSUER, refuse(spec, Signing.assertionOnly()));
        }

        @Test
        void wrongDestination() {
            Spec spec = new Spec();
            spec.destination = "https://rolegate.example.test/saml/other-account/acs";
            assertEquals(SamlFailure.DESTINATION_MISMATCH, refuse(spec, Signing.responseOnly()));
        }

        @Test
        void signedResponseWithoutDestination() {
            Spec spec = new Spec();
            spec.destination = null;
            assertEquals(SamlFailure.DESTINATION_MISMATCH, refuse(spec, Signing.responseOnly()));
        }

        @Test
        void unsignedResponseWithoutDestinationIsAllowed() {
            Spec spec = new Spec();
            spec.destination = null;
            accept(TestIdp.encoded(spec, Signing.assertionOnly()), new Context());
        }
    }

    @Nested
    class SubjectConfirmationChecks {

        @Test
        void wrongRecipient() {
            Spec spec = new Spec();
            spec.recipient = "https://rolegate.example.test/saml/other-account/acs";
            assertEquals(SamlFailure.RECIPIENT_MISMATCH, refuse(spec, Signing.assertionOnly()));
        }

        @Test
        void noBearerConfirmation() {
            Spec spec = new Spec();
            spec.confirmationMethod = "urn:oasis:names:tc:SAML:2.0:cm:holder-of-key";
            assertEquals(SamlFailure.NO_BEARER_CONFIRMATION, refuse(spec, Signing.assertionOnly()));
        }

        @Test
        void bearerWithoutNotOnOrAfter() {
            Spec spec = new Spec();
            spec.confirmationNotOnOrAfter = null;
            assertEquals(SamlFailure.MALFORMED, refuse(spec, Signing.assertionOnly()));
        }

        @Test
        void responseAndAssertionDisagreeOnTheRequest() {
            Spec spec = new Spec();
            spec.inResponseTo = "_another-request";
            assertEquals(SamlFailure.IN_RESPONSE_TO_UNKNOWN, refuse(spec, Signing.both()));
        }

        @Test
        void unsignedResponseInResponseToIsNotTrusted() {
            // Only the assertion is signed, and it names no request: the Response's InResponseTo
            // is attacker-writable.
            Spec spec = new Spec();
            spec.confirmationInResponseTo = null;
            assertEquals(SamlFailure.IN_RESPONSE_TO_UNKNOWN, refuse(spec, Signing.assertionOnly()));
        }

        @Test
        void signedResponseInResponseToIsTrusted() {
            Spec spec = new Spec();
            spec.confirmationInResponseTo = null;
            accept(TestIdp.encoded(spec, Signing.responseOnly()), new Context());
        }
    }

    @Nested
    class TimeWindows {

        private final Duration skew = SamlValidationContext.DEFAULT_CLOCK_SKEW;

        @Test
        void notBeforeJustInsideTheSkewIsAccepted() {
            Spec spec = new Spec();
            spec.notBefore = NOW.plus(skew);
            accept(TestIdp.encoded(spec, Signing.assertionOnly()), new Context());
        }

        @Test
        void notBeforeJustOutsideTheSkewIsRefused() {
            Spec spec = new Spec();
            spec.notBefore = NOW.plus(skew).plusSeconds(1);
            assertEquals(SamlFailure.NOT_YET_VALID, refuse(spec, Signing.assertionOnly()));
        }

        @Test
        void notOnOrAfterJustInsideTheSkewIsAccepted() {
            Spec spec = new Spec();
            spec.notBefore = NOW.minus(Duration.ofMinutes(5));
            spec.notOnOrAfter = NOW.minus(skew).plusSeconds(1);
            accept(TestIdp.encoded(spec, Signing.assertionOnly()), new Context());
        }

        @Test
        void notOnOrAfterAtTheSkewIsRefused() {
            // NotOnOrAfter is exclusive: at exactly NotOnOrAfter + skew the assertion is expired.
            Spec spec = new Spec();
            spec.notBefore = NOW.minus(Duration.ofMinutes(5));
            spec.notOnOrAfter = NOW.minus(skew);
            assertEquals(SamlFailure.EXPIRED, refuse(spec, Signing.assertionOnly()));
        }

        @Test
        void confirmationNotOnOrAfterJustInsideTheSkewIsAccepted() {
            Spec spec = new Spec();
            spec.confirmationNotOnOrAfter = NOW.minus(skew).plusSeconds(1);
            accept(TestIdp.encoded(spec, Signing.assertionOnly()), new Context());
        }

        @Test
        void confirmationNotOnOrAfterAtTheSkewIsRefused() {
            Spec spec = new Spec();
            spec.confirmationNotOnOrAfter = NOW.minus(skew);
            assertEquals(SamlFailure.EXPIRED, refuse(spec, Signing.assertionOnly()));
        }

        @Test
        void confirmationNotBeforeIsHonoured() {
            Spec spec = new Spec();
            spec.confirmationNotBefore = NOW.plus(skew).plusSeconds(1);
            assertEquals(SamlFailure.NOT_YET_VALID, refuse(spec, Signing.assertionOnly()));
        }

        @Test
        void sessionNotOnOrAfterPassed() {
            Spec spec = new Spec();
            spec.sessionNotOnOrAfter = NOW.minus(skew);
            assertEquals(SamlFailure.EXPIRED, refuse(spec, Signing.assertionOnly()));
        }

        @Test
        void zeroSkewIsExact() {
            Context context = new Context();
            context.clockSkew = Duration.ZERO;
            Spec spec = new Spec();
            spec.notBefore = NOW.plusSeconds(1);
            assertEquals(SamlFailure.NOT_YET_VALID,
                    refuse(TestIdp.encoded(spec, Signing.assertionOnly()), context));
        }

        @ParameterizedTest
        @ValueSource(longs = {-3600, 3600})
        void theInjectedClockDecides(long offsetSeconds) {
            // The same response, judged an hour early or an hour late: no system clock involved.
            Context context = new Context();
            context.now = NOW.plusSeconds(offsetSeconds);
            SamlFailure expected = offsetSeconds < 0 ? SamlFailure.NOT_YET_VALID : SamlFailure.EXPIRED;
            assertEquals(expected, refuse(TestIdp.encoded(new Spec(), Signing.assertionOnly()), context));
        }
    }

    @Nested
    class Audience {

        @Test
        void wrongAudience() {
            Spec spec = new Spec();
            spec.audience = "https://rolegate.example.test/saml/other-account/metadata";
            assertEquals(SamlFailure.AUDIENCE_MISMATCH, refuse(spec, Signing.assertionOnly()));
        }

        @Test
        void noAudienceRestriction() {
            Spec spec = new Spec();
            spec.audience = null;
            assertEquals(SamlFailure.AUDIENCE_MISMATCH, refuse(spec, Signing.assertionOnly()));
        }

        @Test
        void noConditions() {
            Spec spec = new Spec();
            spec.conditions = false;
            assertEquals(SamlFailure.AUDIENCE_MISMATCH, refuse(spec, Signing.assertionOnly()));
        }

        @Test
        void everyAudienceRestrictionMustNameTheSp() {
            var response = TestIdp.build(new Spec());
            var conditions = response.getAssertions().get(0).getConditions();
            var restriction = (org.opensaml.saml.saml2.core.AudienceRestriction) OpenSaml.build(
                    org.opensaml.saml.saml2.core.AudienceRestriction.DEFAULT_ELEMENT_NAME);
            var other = (org.opensaml.saml.saml2.core.Audience) OpenSaml.build(
                    org.opensaml.saml.saml2.core.Audience.DEFAULT_ELEMENT_NAME);
            other.setURI("https://other.example.test/sp");
            restriction.getAudiences().add(other);
            conditions.getAudienceRestrictions().add(restriction);
            Document document = TestIdp.sign(response, Signing.assertionOnly());
            assertEquals(SamlFailure.AUDIENCE_MISMATCH, refuse(TestIdp.encode(document), new Context()));
        }
    }

    @Nested
    class RequestsAndReplay {

        @Test
        void unknownInResponseTo() {
            Spec spec = new Spec();
            spec.inResponseTo = "_never-sent";
            spec.confirmationInResponseTo = "_never-sent";
            assertEquals(SamlFailure.IN_RESPONSE_TO_UNKNOWN, refuse(spec, Signing.assertionOnly()));
        }

        @Test
        void aRequestIsAnsweredOnce() {
            Context context = new Context();
            accept(TestIdp.encoded(new Spec(), Signing.assertionOnly()), context);
            // A second, distinct assertion for the same request.
            assertEquals(SamlFailure.IN_RESPONSE_TO_UNKNOWN,
                    refuse(TestIdp.encoded(new Spec(), Signing.assertionOnly()), context));
        }

        @Test
        void unsolicitedNotAllowed() {
            assertEquals(SamlFailure.UNSOLICITED_NOT_ALLOWED,
                    refuse(new Spec().unsolicited(), Signing.assertionOnly()));
        }

        @Test
        void replayedAssertion() {
            Context context = new Context();
            context.allowIdpInitiated = true;
            String encoded = TestIdp.encoded(new Spec().unsolicited(), Signing.assertionOnly());
            accept(encoded, context);
            assertEquals(SamlFailure.REPLAYED, refuse(encoded, context));
        }

        @Test
        void replayOnASecondValidatorSharingTheGuard() {
            // Two service instances, one replay store (PostgreSQL in production).
            Context first = new Context();
            first.allowIdpInitiated = true;
            Context second = new Context();
            second.allowIdpInitiated = true;
            second.replayGuard = first.replayGuard;
            String encoded = TestIdp.encoded(new Spec().unsolicited(), Signing.assertionOnly());
            new SamlResponseValidator().validate(encoded, first.build());
            SamlValidationException e = assertThrows(SamlValidationException.class,
                    () -> new SamlResponseValidator().validate(encoded, second.build()));
            assertEquals(SamlFailure.REPLAYED, e.reason());
        }

        @Test
        void theGuardIsToldHowLongToRemember() {
            Context context = new Context();
            context.allowIdpInitiated = true;
            Instant[] remembered = new Instant[1];
            context.replayGuard = (id, until) -> {
                remembered[0] = until;
                return true;
            };
            Spec spec = new Spec().unsolicited();
            spec.notOnOrAfter = NOW.plus(Duration.ofMinutes(3));
            spec.confirmationNotOnOrAfter = NOW.plus(Duration.ofMinutes(5));
            accept(TestIdp.encoded(spec, Signing.assertionOnly()), context);
            assertEquals(NOW.plus(Duration.ofMinutes(3)).plus(SamlValidationContext.DEFAULT_CLOCK_SKEW),
                    remembered[0]);
        }
    }

    @Nested
    class FailureMessages {

        @Test
        void messageCarriesReasonAndIdsButNoAssertionContent() {
            Spec spec = new Spec();
            spec.audience = "https://rolegate.example.test/saml/other-account/metadata";
            SamlValidationException e = assertThrows(SamlValidationException.class,
                    () -> validator.validate(TestIdp.encoded(spec, Signing.assertionOnly()),
                            new Context().build()));
            assertTrue(e.getMessage().contains("audience_mismatch"), e.getMessage());
            assertTrue(e.getMessage().contains(spec.assertionId), e.getMessage());
            assertFalse(e.getMessage().contains("alice"), e.getMessage());
            assertFalse(e.getMessage().contains("other-account"), e.getMessage());
            assertEquals(Optional.of(spec.responseId), e.responseId());
        }

        @Test
        void hostileIdsAreSanitised() {
            assertEquals("a?b?script?", SamlResponseValidator.safeId("a\nb<script>"));
        }

        @Test
        void codesAreSnakeCase() {
            assertEquals("invalid_signature", SamlFailure.INVALID_SIGNATURE.code());
            assertEquals("in_response_to_unknown", SamlFailure.IN_RESPONSE_TO_UNKNOWN.code());
        }
    }
}
