package dev.rolegate.sso.saml;

import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import net.shibboleth.utilities.java.support.xml.XMLParserException;

import org.opensaml.core.xml.XMLObject;
import org.opensaml.core.xml.io.UnmarshallingException;
import org.opensaml.core.xml.schema.XSAny;
import org.opensaml.core.xml.schema.XSString;
import org.opensaml.core.xml.schema.XSURI;
import org.opensaml.saml.common.SAMLVersion;
import org.opensaml.saml.common.SignableSAMLObject;
import org.opensaml.saml.common.xml.SAMLConstants;
import org.opensaml.saml.saml2.core.Assertion;
import org.opensaml.saml.saml2.core.Attribute;
import org.opensaml.saml.saml2.core.AttributeStatement;
import org.opensaml.saml.saml2.core.AudienceRestriction;
import org.opensaml.saml.saml2.core.AuthnStatement;
import org.opensaml.saml.saml2.core.Condition;
import org.opensaml.saml.saml2.core.Conditions;
import org.opensaml.saml.saml2.core.EncryptedAssertion;
import org.opensaml.saml.saml2.core.Issuer;
import org.opensaml.saml.saml2.core.NameID;
import org.opensaml.saml.saml2.core.NameIDType;
import org.opensaml.saml.saml2.core.OneTimeUse;
import org.opensaml.saml.saml2.core.ProxyRestriction;
import org.opensaml.saml.saml2.core.Response;
import org.opensaml.saml.saml2.core.Status;
import org.opensaml.saml.saml2.core.StatusCode;
import org.opensaml.saml.saml2.core.Subject;
import org.opensaml.saml.saml2.core.SubjectConfirmation;
import org.opensaml.saml.saml2.core.SubjectConfirmationData;
import org.opensaml.saml.saml2.encryption.Decrypter;
import org.opensaml.saml.saml2.encryption.EncryptedElementTypeEncryptedKeyResolver;
import org.opensaml.saml.security.impl.SAMLSignatureProfileValidator;
import org.opensaml.security.credential.Credential;
import org.opensaml.security.x509.BasicX509Credential;
import org.opensaml.xmlsec.encryption.support.ChainingEncryptedKeyResolver;
import org.opensaml.xmlsec.encryption.support.DecryptionException;
import org.opensaml.xmlsec.encryption.support.EncryptionConstants;
import org.opensaml.xmlsec.encryption.support.InlineEncryptedKeyResolver;
import org.opensaml.xmlsec.keyinfo.impl.StaticKeyInfoCredentialResolver;
import org.opensaml.xmlsec.signature.Signature;
import org.opensaml.xmlsec.signature.support.SignatureConstants;
import org.opensaml.xmlsec.signature.support.SignatureException;
import org.opensaml.xmlsec.signature.support.SignatureValidator;
import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Validates a {@code <samlp:Response>} received at the assertion consumer service through the
 * HTTP-POST binding (SAML 2.0 Bindings §3.5) against the Web Browser SSO profile (SAML 2.0
 * Profiles §4.1.4.2 – §4.1.4.5) and returns the login it proves.
 *
 * <p>The checks run in this order, modelled on Keycloak's and Spring Security's ACS; the first
 * that fails ends validation with its {@link SamlFailure}:
 * <ol>
 *   <li>size: the decoded response is at most {@code maxResponseBytes} ({@code too_large});
 *   <li>parse through the secure parser pool: no DTD ({@code dtd_forbidden}), well-formed,
 *       bounded depth, a {@code samlp:Response} root ({@code malformed});
 *   <li>at most one assertion (plain or encrypted) in the <em>whole document</em>
 *       ({@code multiple_assertions}), counted on the DOM before OpenSAML builds any object:
 *       wherever a signature-wrapping attack hides the second assertion (Extensions,
 *       ds:Object, inside a ds:Signature or the other assertion), it is counted;
 *   <li>OpenSAML unmarshals a SAML 2.0 Response with an ID ({@code malformed});
 *   <li>top-level status is Success ({@code status_not_success});
 *   <li>the one assertion exists and is a direct child of the Response ({@code no_assertion});
 *   <li>an {@code EncryptedAssertion} needs an SP key in the context
 *       ({@code encrypted_not_supported}); the Response signature, if any, is verified first
 *       (below); then RSA-OAEP key transport and AES-GCM, or AES-CBC only inside a signed
 *       Response ({@code encryption_algorithm_not_allowed}); decryption with the account's SP
 *       keys, the plaintext parsed by the same secure pool ({@code decryption_failed}, one
 *       message for every cause); the decrypted assertion is counted, ID-checked and
 *       signature-checked as its own document;
 *   <li>signature: the Response, the Assertion or both are signed ({@code unsigned}); no two
 *       elements share an ID ({@code duplicate_id}); no ds:Signature sits anywhere else
 *       ({@code invalid_signature}); each signature present follows the SAML
 *       signature profile (one Reference whose URI is {@code #ID} of the very element that
 *       carries it, enveloped + exclusive C14N transforms, no ds:Object), uses allowed
 *       algorithms ({@code signature_algorithm_not_allowed}) and verifies with a certificate of
 *       the account's IdP metadata, never a key from KeyInfo ({@code invalid_signature}). The
 *       assertion read afterwards is the object whose DOM was verified (or the child of the
 *       verified Response), so nothing outside the signed element is ever read;
 *   <li>Issuer of the Response (when present) and of the Assertion equals the IdP entityID
 *       ({@code wrong_issuer});
 *   <li>Destination equals the ACS URL, and is present when the Response is signed
 *       ({@code destination_mismatch});
 *   <li>a bearer SubjectConfirmation whose data has Recipient = ACS URL and a NotOnOrAfter not
 *       passed ({@code no_bearer_confirmation}, {@code recipient_mismatch}, {@code expired},
 *       {@code not_yet_valid}), and an InResponseTo consistent with the Response's;
 *   <li>Conditions NotBefore / NotOnOrAfter with the clock skew ({@code not_yet_valid},
 *       {@code expired}); an AudienceRestriction naming the SP entityID
 *       ({@code audience_mismatch}; Core §2.5.1.4: every AudienceRestriction must name it);
 *   <li>an AuthnStatement whose SessionNotOnOrAfter has not passed;
 *   <li>InResponseTo names an outstanding AuthnRequest, consumed now
 *       ({@code in_response_to_unknown}), or is absent and IdP-initiated login is allowed
 *       ({@code unsolicited_not_allowed});
 *   <li>the assertion ID is used for the first time ({@code replayed}).
 * </ol>
 *
 * <p>Algorithm allow list: signatures RSA-SHA256/384/512, RSASSA-PSS with SHA-256/384/512,
 * ECDSA-SHA256/384/512; digests SHA-256/384/512; SHA-1 (signature or digest) only when the
 * context allows it. Canonicalisation: exclusive or inclusive C14N.
 *
 * <p>Each refusal is logged once, with the reason code and the Response / Assertion IDs only;
 * never the assertion or a value from it.
 *
 * <p>Thread-safe and stateless: one instance serves every account; the per-account state lives
 * behind the context's {@link OutstandingRequests} and {@link AssertionReplayGuard}.
 */
public final class SamlResponseValidator {

    /** Default bound on the decoded response, in bytes (256 KiB). */
    public static final int DEFAULT_MAX_RESPONSE_BYTES = 256 * 1024;

    private static final System.Logger LOG = System.getLogger(SamlResponseValidator.class.getName());

    private static final String BEARER = SubjectConfirmation.METHOD_BEARER;

    /** Reasons that point at tampering rather than at configuration or timing: logged louder. */
    private static final Set<SamlFailure> SUSPICIOUS = EnumSet.of(SamlFailure.DTD_FORBIDDEN,
            SamlFailure.DUPLICATE_ID, SamlFailure.MULTIPLE_ASSERTIONS, SamlFailure.UNSIGNED,
            SamlFailure.SIGNATURE_ALGORITHM_NOT_ALLOWED, SamlFailure.INVALID_SIGNATURE,
            SamlFailure.REPLAYED);

    private static final Set<String> SIGNATURE_ALGORITHMS = Set.of(
            SignatureConstants.ALGO_ID_SIGNATURE_RSA_SHA256,
            SignatureConstants.ALGO_ID_SIGNATURE_RSA_SHA384,
            SignatureConstants.ALGO_ID_SIGNATURE_RSA_SHA512,
            "http://www.w3.org/2007/05/xmldsig-more#sha256-rsa-MGF1",
            "http://www.w3.org/2007/05/xmldsig-more#sha384-rsa-MGF1",
            "http://www.w3.org/2007/05/xmldsig-more#sha512-rsa-MGF1",
            SignatureConstants.ALGO_ID_SIGNATURE_ECDSA_SHA256,
            SignatureConstants.ALGO_ID_SIGNATURE_ECDSA_SHA384,
            SignatureConstants.ALGO_ID_SIGNATURE_ECDSA_SHA512);

    private static final Set<String> SHA1_SIGNATURE_ALGORITHMS = Set.of(
            SignatureConstants.ALGO_ID_SIGNATURE_RSA_SHA1,
            SignatureConstants.ALGO_ID_SIGNATURE_ECDSA_SHA1);

    private static final Set<String> DIGEST_ALGORITHMS = Set.of(
            SignatureConstants.ALGO_ID_DIGEST_SHA256,
            SignatureConstants.ALGO_ID_DIGEST_SHA384,
            SignatureConstants.ALGO_ID_DIGEST_SHA512);

    private static final Set<String> CANONICALIZATION_ALGORITHMS = Set.of(
            SignatureConstants.ALGO_ID_C14N_EXCL_OMIT_COMMENTS,
            SignatureConstants.ALGO_ID_C14N_EXCL_WITH_COMMENTS,
            SignatureConstants.ALGO_ID_C14N_OMIT_COMMENTS,
            SignatureConstants.ALGO_ID_C14N11_OMIT_COMMENTS);

    private static final String DSIG_NS = SignatureConstants.XMLSIG_NS;
    private static final String XENC_NS = EncryptionConstants.XMLENC_NS;

    /** Authenticated ciphers: accepted whether or not the Response is signed. */
    private static final Set<String> DATA_ALGORITHMS = Set.of(
            EncryptionConstants.ALGO_ID_BLOCKCIPHER_AES128_GCM,
            EncryptionConstants.ALGO_ID_BLOCKCIPHER_AES192_GCM,
            EncryptionConstants.ALGO_ID_BLOCKCIPHER_AES256_GCM);

    /** Malleable ciphers: accepted only inside a verified Response signature. */
    private static final Set<String> CBC_DATA_ALGORITHMS = Set.of(
            EncryptionConstants.ALGO_ID_BLOCKCIPHER_AES128,
            EncryptionConstants.ALGO_ID_BLOCKCIPHER_AES192,
            EncryptionConstants.ALGO_ID_BLOCKCIPHER_AES256);

    /** RSA-OAEP only: RSA PKCS#1 v1.5 key transport falls to Bleichenbacher-style oracles. */
    private static final Set<String> KEY_TRANSPORT_ALGORITHMS = Set.of(
            EncryptionConstants.ALGO_ID_KEYTRANSPORT_RSAOAEP,
            EncryptionConstants.ALGO_ID_KEYTRANSPORT_RSAOAEP11);

    /** What OpenSAML's decrypter may meet: ciphers, key transports, OAEP digests and MGFs. */
    private static final List<String> DECRYPTION_ALLOW_LIST = Stream.of(DATA_ALGORITHMS,
                    CBC_DATA_ALGORITHMS, KEY_TRANSPORT_ALGORITHMS, Set.of(
                            SignatureConstants.ALGO_ID_DIGEST_SHA1,
                            SignatureConstants.ALGO_ID_DIGEST_SHA256,
                            SignatureConstants.ALGO_ID_DIGEST_SHA384,
                            SignatureConstants.ALGO_ID_DIGEST_SHA512,
                            EncryptionConstants.ALGO_ID_MGF1_SHA1,
                            EncryptionConstants.ALGO_ID_MGF1_SHA256,
                            EncryptionConstants.ALGO_ID_MGF1_SHA384,
                            EncryptionConstants.ALGO_ID_MGF1_SHA512))
            .flatMap(Set::stream).sorted().toList();

    private final int maxResponseBytes;

    /** A validator with the default bound of {@link #DEFAULT_MAX_RESPONSE_BYTES}. */
    public SamlResponseValidator() {
        this(DEFAULT_MAX_RESPONSE_BYTES);
    }

    /**
     * @param maxResponseBytes largest decoded response accepted, in bytes (positive); the HTTP
     *     layer should also bound the form body
     */
    public SamlResponseValidator(int maxResponseBytes) {
        if (maxResponseBytes <= 0) {
            throw new IllegalArgumentException("maxResponseBytes must be positive");
        }
        this.maxResponseBytes = maxResponseBytes;
        OpenSaml.init();
    }

    /**
     * Validates one response.
     *
     * @param samlResponse the {@code SAMLResponse} form value as received: base64 of the
     *     Response XML (line breaks tolerated), not yet decoded
     * @param context the account's SP, IdP, options, the current instant and its state
     * @return the login the response proves
     * @throws SamlValidationException with the first failed check's {@link SamlFailure}
     */
    public SamlLogin validate(String samlResponse, SamlValidationContext context) {
        Objects.requireNonNull(context, "context");
        Run run = new Run(context);
        try {
            return run.validate(samlResponse);
        } catch (SamlValidationException e) {
            LOG.log(SUSPICIOUS.contains(e.reason()) ? Level.WARNING : Level.INFO, e.getMessage());
            throw e;
        }
    }

    /** One validation: holds the IDs learnt so far, for the failure message. */
    private final class Run {

        private final SamlValidationContext context;
        private String responseId;
        private String assertionId;

        Run(SamlValidationContext context) {
            this.context = context;
        }

        SamlLogin validate(String samlResponse) {
            byte[] xml = decode(samlResponse);
            Element root = parse(xml).getDocumentElement();
            if (!SAMLConstants.SAML20P_NS.equals(root.getNamespaceURI())
                    || !"Response".equals(root.getLocalName())) {
                throw fail(SamlFailure.MALFORMED, "the document is not a samlp:Response");
            }
            responseId = safeId(root.getAttributeNS(null, "ID"));
            Census census = Census.of(root);
            int assertions = census.assertions + census.encryptedAssertions;
            if (assertions > 1) {
                // Before OpenSAML builds anything: the wrapped copy may sit where no unmarshaller
                // would look (ds:Object, inside a ds:Signature) and must still count.
                throw fail(SamlFailure.MULTIPLE_ASSERTIONS, "the document holds " + assertions
                        + " assertions; exactly one is accepted");
            }
            Response response = unmarshal(root);

            checkStatus(response);
            boolean responseSigned = response.getSignature() != null;
            Assertion assertion = census.encryptedAssertions == 1
                    ? decryptedAssertion(response, census, responseSigned)
                    : plainAssertion(response, census, responseSigned);
            checkIssuers(response, assertion);
            checkDestination(response, responseSigned);
            Subject subject = assertion.getSubject();
            if (subject == null) {
                throw fail(SamlFailure.MALFORMED, "the Assertion has no Subject");
            }
            if (subject.getEncryptedID() != null) {
                throw fail(SamlFailure.ENCRYPTED_NOT_SUPPORTED, "the Subject has an EncryptedID");
            }
            NameID nameId = subject.getNameID();
            if (nameId == null || nameId.getValue() == null || nameId.getValue().isBlank()) {
                throw fail(SamlFailure.MALFORMED, "the Subject has no NameID");
            }
            SubjectConfirmationData bearer = bearerConfirmation(subject, response);
            String inResponseTo = inResponseTo(response, bearer, responseSigned);
            Conditions conditions = checkConditions(assertion);
            AuthnStatement authn = checkAuthnStatement(assertion);
            Map<String, List<String>> attributes = attributes(assertion);

            if (inResponseTo != null) {
                if (!context.outstandingRequests().consume(inResponseTo)) {
                    throw fail(SamlFailure.IN_RESPONSE_TO_UNKNOWN,
                            "InResponseTo names no outstanding AuthnRequest of this account");
                }
            } else if (!context.allowIdpInitiated()) {
                throw fail(SamlFailure.UNSOLICITED_NOT_ALLOWED,
                        "no InResponseTo and this account does not allow IdP-initiated login");
            }

            Instant lastValid = bearer.getNotOnOrAfter();
            if (conditions.getNotOnOrAfter() != null
                    && conditions.getNotOnOrAfter().isBefore(lastValid)) {
                lastValid = conditions.getNotOnOrAfter();
            }
            if (!context.replayGuard().firstUse(assertion.getID(),
                    lastValid.plus(context.clockSkew()))) {
                throw fail(SamlFailure.REPLAYED, "this assertion ID was accepted before");
            }

            return new SamlLogin(
                    nameId.getValue(),
                    nameId.getFormat() == null ? SamlLogin.UNSPECIFIED_NAME_ID_FORMAT
                            : nameId.getFormat(),
                    assertion.getIssuer().getValue(),
                    assertion.getID(),
                    Optional.ofNullable(authn.getSessionIndex()),
                    Optional.ofNullable(authn.getSessionNotOnOrAfter()),
                    attributes,
                    authn.getAuthnInstant(),
                    Optional.ofNullable(inResponseTo));
        }

        // ---- size and parse ---------------------------------------------------------------------

        private byte[] decode(String samlResponse) {
            if (samlResponse == null || samlResponse.isBlank()) {
                throw fail(SamlFailure.MALFORMED, "the SAMLResponse is empty");
            }
            // Bound the work before decoding: base64 grows 4/3, line breaks add a little.
            long maxEncoded = ((long) maxResponseBytes + 2) / 3 * 4;
            if (samlResponse.length() > maxEncoded * 2 + 1024) {
                throw fail(SamlFailure.TOO_LARGE, "the SAMLResponse exceeds " + maxResponseBytes
                        + " bytes");
            }
            StringBuilder compact = new StringBuilder(samlResponse.length());
            for (int i = 0; i < samlResponse.length(); i++) {
                char c = samlResponse.charAt(i);
                if (c != '\r' && c != '\n' && c != '\t' && c != ' ') {
                    compact.append(c);
                }
            }
            if (compact.length() > maxEncoded) {
                throw fail(SamlFailure.TOO_LARGE, "the SAMLResponse exceeds " + maxResponseBytes
                        + " bytes");
            }
            byte[] xml;
            try {
                xml = Base64.getDecoder().decode(compact.toString());
            } catch (IllegalArgumentException e) {
                throw fail(SamlFailure.MALFORMED, "the SAMLResponse is not base64");
            }
            if (xml.length > maxResponseBytes) {
                throw fail(SamlFailure.TOO_LARGE, "the SAMLResponse exceeds " + maxResponseBytes
                        + " bytes");
            }
            return xml;
        }

        private Document parse(byte[] xml) {
            try {
                return OpenSaml.parse(xml);
            } catch (XMLParserException e) {
                if (OpenSaml.isDoctypeRefusal(e, xml)) {
                    throw fail(SamlFailure.DTD_FORBIDDEN, "the document has a DOCTYPE");
                }
                if (String.valueOf(rootCause(e).getMessage()).contains("maxElementDepth")) {
                    throw fail(SamlFailure.MALFORMED, "the document nests deeper than "
                            + OpenSaml.MAX_ELEMENT_DEPTH + " elements");
                }
                throw fail(SamlFailure.MALFORMED, "the document is not well-formed XML");
            }
        }

        private Response unmarshal(Element root) {
            XMLObject object;
            try {
                object = OpenSaml.unmarshal(root);
            } catch (UnmarshallingException | RuntimeException e) {
                throw fail(SamlFailure.MALFORMED, "the Response does not unmarshal as SAML 2.0");
            }
            if (!(object instanceof Response)) {
                throw fail(SamlFailure.MALFORMED, "the document is not a samlp:Response");
            }
            Response response = (Response) object;
            if (!isSaml20(response.getVersion())) {
                throw fail(SamlFailure.MALFORMED, "the Response is not SAML version 2.0");
            }
            if (response.getID() == null || response.getID().isBlank()) {
                throw fail(SamlFailure.MALFORMED, "the Response has no ID");
            }
            return response;
        }

        // ---- status -----------------------------------------------------------------------------

        private void checkStatus(Response response) {
            Status status = response.getStatus();
            StatusCode code = status == null ? null : status.getStatusCode();
            if (code == null || code.getValue() == null) {
                throw fail(SamlFailure.MALFORMED, "the Response has no StatusCode");
            }
            if (!StatusCode.SUCCESS.equals(code.getValue())) {
                StatusCode second = code.getStatusCode();
                throw fail(SamlFailure.STATUS_NOT_SUCCESS, "StatusCode " + safeUri(code.getValue())
                        + (second == null ? "" : " / " + safeUri(second.getValue())));
            }
        }

        // ---- the one assertion and its signatures -----------------------------------------------

        private Assertion plainAssertion(Response response, Census census, boolean responseSigned) {
            if (census.assertions == 0) {
                throw fail(SamlFailure.NO_ASSERTION, "the Response holds no assertion");
            }
            if (response.getAssertions().size() != 1) {
                throw fail(SamlFailure.NO_ASSERTION,
                        "the only assertion is not a direct child of the Response");
            }
            Assertion assertion = identify(response.getAssertions().get(0));
            boolean assertionSigned = assertion.getSignature() != null;
            if (!responseSigned && !assertionSigned) {
                throw fail(SamlFailure.UNSIGNED, "neither the Response nor the Assertion is signed");
            }
            checkSignatureShape(census, (responseSigned ? 1 : 0) + (assertionSigned ? 1 : 0));
            if (responseSigned) {
                verify(response, "Response");
            }
            if (assertionSigned) {
                verify(assertion, "Assertion");
            }
            return assertion;
        }

        /**
         * Decrypts the one EncryptedAssertion. A Response signature is verified <em>before</em>
         * decrypting, so that when it covers the ciphertext, tampered ciphertext never reaches
         * the cipher; AES-CBC is accepted only then (the padding oracle of Jager and Somorovsky,
         * CCS 2011, needs tampered ciphertext to be decrypted). The decrypted assertion is a
         * document of its own and goes through the same count, ID and signature checks as a
         * plain one.
         */
        private Assertion decryptedAssertion(Response response, Census census,
                boolean responseSigned) {
            if (response.getEncryptedAssertions().size() != 1) {
                throw fail(SamlFailure.NO_ASSERTION,
                        "the only assertion is not a direct child of the Response");
            }
            if (context.decryptionKeys().isEmpty()) {
                throw fail(SamlFailure.ENCRYPTED_NOT_SUPPORTED,
                        "the assertion is encrypted and this account has no SP decryption key");
            }
            checkSignatureShape(census, responseSigned ? 1 : 0);
            if (responseSigned) {
                verify(response, "Response");
            }
            EncryptedAssertion encrypted = response.getEncryptedAssertions().get(0);
            checkEncryptionAlgorithms(encrypted.getDOM(), responseSigned);
            Assertion assertion;
            try {
                assertion = decrypter().decrypt(encrypted);
            } catch (DecryptionException | RuntimeException e) {
                // One reason, one message, whatever went wrong: no oracle for the sender.
                throw fail(SamlFailure.DECRYPTION_FAILED,
                        "the EncryptedAssertion does not decrypt with this account's SP keys");
            }
            identify(assertion);
            Census inner = Census.of(assertion.getDOM());
            if (inner.assertions + inner.encryptedAssertions != 1) {
                throw fail(SamlFailure.MULTIPLE_ASSERTIONS, "the decrypted assertion holds "
                        + (inner.assertions + inner.encryptedAssertions - 1) + " more");
            }
            boolean assertionSigned = assertion.getSignature() != null;
            if (!responseSigned && !assertionSigned) {
                throw fail(SamlFailure.UNSIGNED,
                        "neither the Response nor the decrypted Assertion is signed");
            }
            checkSignatureShape(inner, assertionSigned ? 1 : 0);
            if (assertionSigned) {
                verify(assertion, "Assertion");
            }
            return assertion;
        }

        private Assertion identify(Assertion assertion) {
            assertionId = safeId(assertion.getID());
            if (assertion.getID() == null || assertion.getID().isBlank()) {
                throw fail(SamlFailure.MALFORMED, "the Assertion has no ID");
            }
            if (!isSaml20(assertion.getVersion())) {
                throw fail(SamlFailure.MALFORMED, "the Assertion is not SAML version 2.0");
            }
            return assertion;
        }

        private void checkSignatureShape(Census census, int expectedSignatures) {
            if (census.duplicateId) {
                throw fail(SamlFailure.DUPLICATE_ID, "two elements of the document share an ID");
            }
            if (census.signatures > expectedSignatures) {
                // A ds:Signature anywhere else is not one we verify; refusing it leaves no doubt
                // about which signature covers what.
                throw fail(SamlFailure.INVALID_SIGNATURE,
                        "the document has a signature outside the Response and the Assertion");
            }
        }

        private void checkEncryptionAlgorithms(Element encryptedAssertion, boolean responseSigned) {
            Element data = child(encryptedAssertion, XENC_NS, "EncryptedData");
            String cipher = data == null ? "" : algorithm(data, XENC_NS, "EncryptionMethod");
            if (!(DATA_ALGORITHMS.contains(cipher)
                    || responseSigned && CBC_DATA_ALGORITHMS.contains(cipher))) {
                throw fail(SamlFailure.ENCRYPTION_ALGORITHM_NOT_ALLOWED, "the assertion cipher "
                        + safeUri(cipher) + " is not allowed"
                        + (CBC_DATA_ALGORITHMS.contains(cipher) ? " without a signed Response" : ""));
            }
            for (Element key : elements(encryptedAssertion, XENC_NS, "EncryptedKey")) {
                String transport = algorithm(key, XENC_NS, "EncryptionMethod");
                if (!KEY_TRANSPORT_ALGORITHMS.contains(transport)) {
                    throw fail(SamlFailure.ENCRYPTION_ALGORITHM_NOT_ALLOWED, "the key transport "
                            + safeUri(transport) + " is not allowed (RSA-OAEP only)");
                }
            }
        }

        private Decrypter decrypter() {
            List<Credential> credentials = new ArrayList<>();
            for (SpKey key : context.decryptionKeys()) {
                credentials.add(new BasicX509Credential(key.certificate(), key.privateKey()));
            }
            Decrypter decrypter = new Decrypter(null,
                    new StaticKeyInfoCredentialResolver(credentials),
                    new ChainingEncryptedKeyResolver(List.of(new InlineEncryptedKeyResolver(),
                            new EncryptedElementTypeEncryptedKeyResolver())),
                    DECRYPTION_ALLOW_LIST, List.of());
            decrypter.setRootInNewDocument(true);
            return decrypter;
        }

        private void verify(SignableSAMLObject signed, String what) {
            Signature signature = signed.getSignature();
            try {
                new SAMLSignatureProfileValidator().validate(signature);
            } catch (SignatureException e) {
                throw fail(SamlFailure.INVALID_SIGNATURE, "the " + what
                        + " signature does not follow the SAML signature profile (Core §5.4)");
            }
            Element signatureElement = signature.getDOM();
            Element signedInfo = child(signatureElement, DSIG_NS, "SignedInfo");
            Element reference = signedInfo == null ? null : child(signedInfo, DSIG_NS, "Reference");
            if (reference == null) {
                throw fail(SamlFailure.INVALID_SIGNATURE, "the " + what + " signature has no Reference");
            }
            // The profile validator also allows URI="" (the whole document); only a reference to
            // the very element we read is accepted here.
            String expectedUri = "#" + signed.getSignatureReferenceID();
            if (!expectedUri.equals(reference.getAttributeNS(null, "URI"))) {
                throw fail(SamlFailure.INVALID_SIGNATURE, "the " + what
                        + " signature does not reference the " + what + " ID");
            }
            String canonicalization = algorithm(signedInfo, "CanonicalizationMethod");
            String signatureMethod = algorithm(signedInfo, "SignatureMethod");
            String digestMethod = algorithm(reference, "DigestMethod");
            boolean sha1 = context.allowSha1();
            if (!CANONICALIZATION_ALGORITHMS.contains(canonicalization)) {
                throw fail(SamlFailure.SIGNATURE_ALGORITHM_NOT_ALLOWED, "the " + what
                        + " signature uses a canonicalisation method that is not allowed");
            }
            if (!(SIGNATURE_ALGORITHMS.contains(signatureMethod)
                    || sha1 && SHA1_SIGNATURE_ALGORITHMS.contains(signatureMethod))) {
                throw fail(SamlFailure.SIGNATURE_ALGORITHM_NOT_ALLOWED, "the " + what
                        + " signature method " + safeUri(signatureMethod) + " is not allowed");
            }
            if (!(DIGEST_ALGORITHMS.contains(digestMethod)
                    || sha1 && SignatureConstants.ALGO_ID_DIGEST_SHA1.equals(digestMethod))) {
                throw fail(SamlFailure.SIGNATURE_ALGORITHM_NOT_ALLOWED, "the " + what
                        + " digest method " + safeUri(digestMethod) + " is not allowed");
            }
            // Only keys from the account's IdP metadata; the message's KeyInfo is never read.
            for (var certificate : context.idp().signingCertificates()) {
                try {
                    SignatureValidator.validate(signature, new BasicX509Credential(certificate));
                    return;
                } catch (SignatureException | RuntimeException e) {
                    // try the next certificate (key rollover)
                }
            }
            throw fail(SamlFailure.INVALID_SIGNATURE, "the " + what
                    + " signature does not verify with any signing certificate of the IdP metadata");
        }

        // ---- issuer and destination -------------------------------------------------------------

        private void checkIssuers(Response response, Assertion assertion) {
            if (response.getIssuer() != null) {
                checkIssuer(response.getIssuer(), "Response");
            }
            if (assertion.getIssuer() == null) {
                throw fail(SamlFailure.WRONG_ISSUER, "the Assertion has no Issuer");
            }
            checkIssuer(assertion.getIssuer(), "Assertion");
        }

        private void checkIssuer(Issuer issuer, String what) {
            if (!context.idp().entityId().equals(issuer.getValue())) {
                throw fail(SamlFailure.WRONG_ISSUER, "the " + what
                        + " Issuer is not the IdP entityID");
            }
            if (issuer.getFormat() != null && !NameIDType.ENTITY.equals(issuer.getFormat())) {
                throw fail(SamlFailure.WRONG_ISSUER, "the " + what
                        + " Issuer Format is not the entity format (Profiles §4.1.4.2)");
            }
        }

        private void checkDestination(Response response, boolean responseSigned) {
            String destination = response.getDestination();
            if (destination == null) {
                if (responseSigned) {
                    throw fail(SamlFailure.DESTINATION_MISMATCH,
                            "a signed Response must carry a Destination (Bindings §3.5.5.2)");
                }
                return;
            }
            if (!destination.equals(context.acsUrl())) {
                throw fail(SamlFailure.DESTINATION_MISMATCH,
                        "the Response Destination is not this account's ACS URL");
            }
        }

        // ---- bearer subject confirmation --------------------------------------------------------

        private SubjectConfirmationData bearerConfirmation(Subject subject, Response response) {
            SamlValidationException first = null;
            for (SubjectConfirmation confirmation : subject.getSubjectConfirmations()) {
                if (!BEARER.equals(confirmation.getMethod())) {
                    continue;
                }
                try {
                    return checkBearer(confirmation, response);
                } catch (SamlValidationException e) {
                    if (first == null) {
                        first = e;
                    }
                }
            }
            if (first != null) {
                throw first;
            }
            throw fail(SamlFailure.NO_BEARER_CONFIRMATION,
                    "the Subject has no bearer SubjectConfirmation (Profiles §4.1.4.2)");
        }

        private SubjectConfirmationData checkBearer(SubjectConfirmation confirmation,
                Response response) {
            SubjectConfirmationData data = confirmation.getSubjectConfirmationData();
            if (data == null || data.getRecipient() == null) {
                throw fail(SamlFailure.RECIPIENT_MISMATCH,
                        "the bearer SubjectConfirmationData has no Recipient");
            }
            if (!data.getRecipient().equals(context.acsUrl())) {
                throw fail(SamlFailure.RECIPIENT_MISMATCH,
                        "the bearer Recipient is not this account's ACS URL");
            }
            if (data.getNotOnOrAfter() == null) {
                throw fail(SamlFailure.MALFORMED,
                        "the bearer SubjectConfirmationData has no NotOnOrAfter (Profiles §4.1.4.2)");
            }
            if (expired(data.getNotOnOrAfter())) {
                throw fail(SamlFailure.EXPIRED,
                        "the bearer SubjectConfirmationData NotOnOrAfter has passed");
            }
            // The profile says a bearer confirmation has no NotBefore; if one is there, honour it.
            if (data.getNotBefore() != null && notYet(data.getNotBefore())) {
                throw fail(SamlFailure.NOT_YET_VALID,
                        "the bearer SubjectConfirmationData NotBefore is in the future");
            }
            String ofResponse = response.getInResponseTo();
            if (ofResponse != null && data.getInResponseTo() != null
                    && !ofResponse.equals(data.getInResponseTo())) {
                throw fail(SamlFailure.IN_RESPONSE_TO_UNKNOWN,
                        "the Response and the bearer SubjectConfirmationData name different requests");
            }
            return data;
        }

        /** The InResponseTo a signature vouches for, or null for an unsolicited response. */
        private String inResponseTo(Response response, SubjectConfirmationData bearer,
                boolean responseSigned) {
            if (bearer.getInResponseTo() != null) {
                return bearer.getInResponseTo();
            }
            if (response.getInResponseTo() == null) {
                return null;
            }
            if (!responseSigned) {
                // Only the assertion is signed and it names no request: the Response's
                // InResponseTo could have been written by anyone.
                throw fail(SamlFailure.IN_RESPONSE_TO_UNKNOWN,
                        "the InResponseTo of an unsigned Response is not covered by a signature");
            }
            return response.getInResponseTo();
        }

        // ---- conditions, audience, authn statement ----------------------------------------------

        private Conditions checkConditions(Assertion assertion) {
            Conditions conditions = assertion.getConditions();
            if (conditions == null) {
                throw fail(SamlFailure.AUDIENCE_MISMATCH,
                        "the Assertion has no Conditions, hence no AudienceRestriction");
            }
            if (conditions.getNotBefore() != null && notYet(conditions.getNotBefore())) {
                throw fail(SamlFailure.NOT_YET_VALID, "the Conditions NotBefore is in the future");
            }
            if (conditions.getNotOnOrAfter() != null && expired(conditions.getNotOnOrAfter())) {
                throw fail(SamlFailure.EXPIRED, "the Conditions NotOnOrAfter has passed");
            }
            for (Condition condition : conditions.getConditions()) {
                if (!(condition instanceof AudienceRestriction || condition instanceof OneTimeUse
                        || condition instanceof ProxyRestriction)) {
                    // Core §2.5.1: a condition we do not understand makes the assertion's
                    // validity indeterminate.
                    throw fail(SamlFailure.MALFORMED, "the Conditions hold an unknown Condition");
                }
            }
            List<AudienceRestriction> restrictions = conditions.getAudienceRestrictions();
            if (restrictions.isEmpty()) {
                throw fail(SamlFailure.AUDIENCE_MISMATCH,
                        "the Conditions have no AudienceRestriction (Profiles §4.1.4.2)");
            }
            for (AudienceRestriction restriction : restrictions) {
                boolean named = restriction.getAudiences().stream()
                        .anyMatch(audience -> context.spEntityId().equals(audience.getURI()));
                if (!named) {
                    throw fail(SamlFailure.AUDIENCE_MISMATCH,
                            "an AudienceRestriction does not name this account's SP entityID");
                }
            }
            return conditions;
        }

        private AuthnStatement checkAuthnStatement(Assertion assertion) {
            if (assertion.getAuthnStatements().isEmpty()) {
                throw fail(SamlFailure.MALFORMED,
                        "the Assertion has no AuthnStatement (Profiles §4.1.4.2)");
            }
            AuthnStatement authn = assertion.getAuthnStatements().get(0);
            if (authn.getAuthnInstant() == null) {
                throw fail(SamlFailure.MALFORMED, "the AuthnStatement has no AuthnInstant");
            }
            if (authn.getSessionNotOnOrAfter() != null && expired(authn.getSessionNotOnOrAfter())) {
                throw fail(SamlFailure.EXPIRED, "the AuthnStatement SessionNotOnOrAfter has passed");
            }
            return authn;
        }

        private Map<String, List<String>> attributes(Assertion assertion) {
            Map<String, List<String>> attributes = new LinkedHashMap<>();
            for (AttributeStatement statement : assertion.getAttributeStatements()) {
                if (!statement.getEncryptedAttributes().isEmpty()) {
                    throw fail(SamlFailure.ENCRYPTED_NOT_SUPPORTED,
                            "the AttributeStatement has an EncryptedAttribute");
                }
                for (Attribute attribute : statement.getAttributes()) {
                    if (attribute.getName() == null || attribute.getName().isBlank()) {
                        throw fail(SamlFailure.MALFORMED, "an Attribute has no Name");
                    }
                    List<String> values = attributes.computeIfAbsent(attribute.getName(),
                            name -> new ArrayList<>());
                    for (XMLObject value : attribute.getAttributeValues()) {
                        String text = text(value);
                        if (text != null) {
                            values.add(text);
                        }
                    }
                }
            }
            return attributes;
        }

        // ---- helpers ----------------------------------------------------------------------------

        private boolean expired(Instant notOnOrAfter) {
            return !context.now().isBefore(notOnOrAfter.plus(context.clockSkew()));
        }

        private boolean notYet(Instant notBefore) {
            return context.now().plus(context.clockSkew()).isBefore(notBefore);
        }

        private SamlValidationException fail(SamlFailure reason, String detail) {
            return new SamlValidationException(reason, detail, responseId, assertionId);
        }
    }

    /**
     * What a single pass over the DOM finds before any OpenSAML object is trusted: the number
     * of assertions and signatures wherever they hide, and whether an ID repeats.
     */
    private static final class Census {
        int assertions;
        int encryptedAssertions;
        int signatures;
        boolean duplicateId;

        static Census of(Element root) {
            Census census = new Census();
            Set<String> ids = new HashSet<>();
            Deque<Element> pending = new ArrayDeque<>();
            pending.push(root);
            while (!pending.isEmpty()) {
                Element element = pending.pop();
                String ns = element.getNamespaceURI();
                String name = element.getLocalName();
                if (SAMLConstants.SAML20_NS.equals(ns)) {
                    if ("Assertion".equals(name)) {
                        census.assertions++;
                    } else if ("EncryptedAssertion".equals(name)) {
                        census.encryptedAssertions++;
                    }
                } else if (DSIG_NS.equals(ns) && "Signature".equals(name)) {
                    census.signatures++;
                }
                NamedNodeMap attributes = element.getAttributes();
                for (int i = 0; i < attributes.getLength(); i++) {
                    Attr attribute = (Attr) attributes.item(i);
                    String local = attribute.getLocalName() == null ? attribute.getName()
                            : attribute.getLocalName();
                    // ID (SAML), Id (XML Signature / Encryption), xml:id, AssertionID (SAML 1):
                    // any of them could be the target of a same-document reference.
                    if (local.equalsIgnoreCase("id") || local.equals("AssertionID")
                            || local.equals("ResponseID")) {
                        if (!ids.add(attribute.getValue())) {
                            census.duplicateId = true;
                        }
                    }
                }
                for (Node child = element.getLastChild(); child != null;
                        child = child.getPreviousSibling()) {
                    if (child.getNodeType() == Node.ELEMENT_NODE) {
                        pending.push((Element) child);
                    }
                }
            }
            return census;
        }
    }

    private static Element child(Element parent, String ns, String localName) {
        for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child.getNodeType() == Node.ELEMENT_NODE && ns.equals(child.getNamespaceURI())
                    && localName.equals(child.getLocalName())) {
                return (Element) child;
            }
        }
        return null;
    }

    private static String algorithm(Element parent, String localName) {
        return algorithm(parent, DSIG_NS, localName);
    }

    private static String algorithm(Element parent, String ns, String localName) {
        Element element = child(parent, ns, localName);
        return element == null ? "" : element.getAttributeNS(null, "Algorithm");
    }

    private static List<Element> elements(Element root, String ns, String localName) {
        NodeList list = root.getElementsByTagNameNS(ns, localName);
        List<Element> elements = new ArrayList<>(list.getLength());
        for (int i = 0; i < list.getLength(); i++) {
            elements.add((Element) list.item(i));
        }
        return elements;
    }

    /** The text of an AttributeValue: the whole text content, whatever its xsi:type. */
    private static String text(XMLObject value) {
        Element dom = value.getDOM();
        if (dom != null) {
            if ("true".equals(dom.getAttributeNS("http://www.w3.org/2001/XMLSchema-instance", "nil"))) {
                return null;
            }
            return dom.getTextContent();
        }
        if (value instanceof XSString) {
            return ((XSString) value).getValue();
        }
        if (value instanceof XSURI) {
            return ((XSURI) value).getURI();
        }
        if (value instanceof XSAny) {
            return ((XSAny) value).getTextContent();
        }
        return null;
    }

    private static boolean isSaml20(SAMLVersion version) {
        return version != null && version.getMajorVersion() == 2 && version.getMinorVersion() == 0;
    }

    private static Throwable rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    /** An ID from the message, reduced to characters that are safe in a log line. */
    static String safeId(String id) {
        if (id == null || id.isEmpty()) {
            return null;
        }
        StringBuilder safe = new StringBuilder(Math.min(id.length(), 64));
        for (int i = 0; i < id.length() && safe.length() < 64; i++) {
            char c = id.charAt(i);
            safe.append(c < 128 && (Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.')
                    ? c : '?');
        }
        return safe.toString();
    }

    private static String safeUri(String uri) {
        if (uri == null) {
            return "(none)";
        }
        StringBuilder safe = new StringBuilder(Math.min(uri.length(), 100));
        for (int i = 0; i < uri.length() && safe.length() < 100; i++) {
            char c = uri.charAt(i);
            safe.append(c < 128 && (Character.isLetterOrDigit(c) || ":/._-#".indexOf(c) >= 0)
                    ? c : '?');
        }
        return safe.toString();
    }
}
