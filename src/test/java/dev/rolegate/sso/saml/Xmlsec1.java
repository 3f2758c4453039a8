package dev.rolegate.sso.saml;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The {@code xmlsec1} command-line tool (Aleksey Sanin's XMLSec, a C implementation on OpenSSL),
 * used as a signer and verifier that shares no code with OpenSAML or Apache Santuario.
 *
 * <p>Where it is missing, {@link #require()} makes the test fail when the environment variable
 * {@code CI} is {@code true} (CI must install it) and skips it otherwise, saying what to install.
 */
final class Xmlsec1 {

    static final String INSTALL_HINT = "install xmlsec1 (apt-get install xmlsec1)";

    static final String ASSERTION = "urn:oasis:names:tc:SAML:2.0:assertion:Assertion";
    static final String RESPONSE = "urn:oasis:names:tc:SAML:2.0:protocol:Response";

    private final Path executable;

    private Xmlsec1(Path executable) {
        this.executable = executable;
    }

    /** The tool, or a failed (CI) or skipped (elsewhere) test. */
    static Xmlsec1 require() {
        Optional<Path> found = find();
        if (found.isEmpty()) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("xmlsec1 is missing on CI: " + INSTALL_HINT);
            }
            Assumptions.abort(INSTALL_HINT);
        }
        return new Xmlsec1(found.get());
    }

    private static Optional<Path> find() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String directory : path.split(File.pathSeparator)) {
            Path candidate = Path.of(directory, "xmlsec1");
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /**
     * Adds an XML Signature template (enveloped, exclusive C14N, empty DigestValue and
     * SignatureValue, an empty X509Data for xmlsec1 to fill) to a SAML element, right after its
     * Issuer as the SAML schema requires.
     */
    static void addTemplate(Element signed, String signatureAlgorithm, String digestAlgorithm) {
        Document document = signed.getOwnerDocument();
        String ds = Dom.DS;
        Element signature = document.createElementNS(ds, "ds:Signature");
        Element signedInfo = document.createElementNS(ds, "ds:SignedInfo");
        Element c14n = document.createElementNS(ds, "ds:CanonicalizationMethod");
        c14n.setAttributeNS(null, "Algorithm", "http://www.w3.org/2001/10/xml-exc-c14n#");
        Element method = document.createElementNS(ds, "ds:SignatureMethod");
        method.setAttributeNS(null, "Algorithm", signatureAlgorithm);
        Element reference = document.createElementNS(ds, "ds:Reference");
        reference.setAttributeNS(null, "URI", "#" + signed.getAttributeNS(null, "ID"));
        Element transforms = document.createElementNS(ds, "ds:Transforms");
        Element enveloped = document.createElementNS(ds, "ds:Transform");
        enveloped.setAttributeNS(null, "Algorithm", "http://www.w3.org/2000/09/xmldsig#enveloped-signature");
        Element exclusive = document.createElementNS(ds, "ds:Transform");
        exclusive.setAttributeNS(null, "Algorithm", "http://www.w3.org/2001/10/xml-exc-c14n#");
        transforms.appendChild(enveloped);
        transforms.appendChild(exclusive);
        Element digestMethod = document.createElementNS(ds, "ds:DigestMethod");
        digestMethod.setAttributeNS(null, "Algorithm", digestAlgorithm);
        reference.appendChild(transforms);
        reference.appendChild(digestMethod);
        reference.appendChild(document.createElementNS(ds, "ds:DigestValue"));
        signedInfo.appendChild(c14n);
        signedInfo.appendChild(method);
        signedInfo.appendChild(reference);
        signature.appendChild(signedInfo);
        signature.appendChild(document.createElementNS(ds, "ds:SignatureValue"));
        Element keyInfo = document.createElementNS(ds, "ds:KeyInfo");
        keyInfo.appendChild(document.createElementNS(ds, "ds:X509Data"));
        signature.appendChild(keyInfo);
        signed.insertBefore(signature, Dom.afterIssuer(signed));
    }

    /**
     * Signs every template in the document with xmlsec1:
     * {@code xmlsec1 --sign --privkey-pem key.pem,cert.pem --id-attr:ID <element> template.xml}.
     *
     * @param idAttrElement the element whose {@code ID} attribute is an XML ID, as
     *     {@code namespace:localName}
     */
    Document sign(Document template, TestIdp.Key key, String idAttrElement) {
        Path dir = tempDir();
        try {
            Path keyPem = write(dir, "key.pem", key.privateKeyPem());
            Path certPem = write(dir, "cert.pem", key.certificatePem());
            Path in = write(dir, "template.xml", Dom.toXml(template));
            Path out = dir.resolve("signed.xml");
            run(List.of(executable.toString(), "--sign", "--privkey-pem", keyPem + "," + certPem,
                    "--id-attr:ID", idAttrElement, "--output", out.toString(), in.toString()), true);
            return Dom.parse(Files.readString(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } finally {
            delete(dir);
        }
    }

    /**
     * Verifies the (first) signature of the document with xmlsec1 against a trusted certificate.
     *
     * @return whether xmlsec1 says the signature is valid
     */
    boolean verifies(Document document, TestIdp.Key trusted, String idAttrElement) {
        Path dir = tempDir();
        try {
            Path certPem = write(dir, "cert.pem", trusted.certificatePem());
            Path in = write(dir, "signed.xml", Dom.toXml(document));
            // The key comes from --pubkey-cert-pem only; KeyInfo is not trusted for keys.
            return run(List.of(executable.toString(), "--verify", "--pubkey-cert-pem", certPem.toString(),
                    "--enabled-key-data", "key-name", "--id-attr:ID", idAttrElement, in.toString()), false);
        } finally {
            delete(dir);
        }
    }

    private static boolean run(List<String> command, boolean mustSucceed) {
        try {
            Process process = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("xmlsec1 timed out");
            }
            if (mustSucceed && process.exitValue() != 0) {
                throw new IllegalStateException("xmlsec1 failed (" + process.exitValue() + "): " + output);
            }
            return process.exitValue() == 0;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("rolegate-xmlsec1-");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path write(Path dir, String name, String content) {
        try {
            return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void delete(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temp dir left behind is harmless
        }
    }
}
