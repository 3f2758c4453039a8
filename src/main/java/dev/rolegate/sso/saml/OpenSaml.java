package dev.rolegate.sso.saml;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import javax.xml.XMLConstants;
import javax.xml.namespace.QName;

import net.shibboleth.utilities.java.support.component.ComponentInitializationException;
import net.shibboleth.utilities.java.support.xml.BasicParserPool;
import net.shibboleth.utilities.java.support.xml.SerializeSupport;
import net.shibboleth.utilities.java.support.xml.XMLParserException;

import org.opensaml.core.config.ConfigurationService;
import org.opensaml.core.config.InitializationException;
import org.opensaml.core.config.InitializationService;
import org.opensaml.core.xml.XMLObject;
import org.opensaml.core.xml.io.MarshallingException;
import org.opensaml.core.xml.io.Unmarshaller;
import org.opensaml.core.xml.io.UnmarshallingException;
import org.opensaml.core.xml.util.XMLObjectSupport;
import org.opensaml.xmlsec.config.DecryptionParserPool;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXParseException;

/**
 * The one place that initialises OpenSAML and owns the secure parser pool.
 *
 * <p>The pool is Shibboleth's {@link BasicParserPool} with its secure defaults (JAXP secure
 * processing, {@code disallow-doctype-decl}, no entity expansion, no XInclude, comments
 * ignored) made explicit here, so a change of library default cannot weaken them silently,
 * plus a bound on element depth: OpenSAML unmarshals recursively, and a deeply nested
 * document must be refused by the parser before it can exhaust the stack.
 *
 * <p>Thread-safe: initialisation happens once, in the class initialiser; the pool hands each
 * caller its own {@code DocumentBuilder}.
 */
final class OpenSaml {

    /** Deepest element nesting accepted in any document (a signed Response needs about 8). */
    static final int MAX_ELEMENT_DEPTH = 32;

    private static final String JDK_MAX_ELEMENT_DEPTH =
            "http://www.oracle.com/xml/jaxp/properties/maxElementDepth";

    private static final BasicParserPool PARSER_POOL;

    static {
        try {
            InitializationService.initialize();
        } catch (InitializationException e) {
            throw new IllegalStateException("OpenSAML failed to initialise", e);
        }
        BasicParserPool pool = new BasicParserPool();
        pool.setNamespaceAware(true);
        pool.setIgnoreComments(true);
        pool.setExpandEntityReferences(false);
        pool.setXincludeAware(false);
        pool.setDTDValidating(false);
        pool.setBuilderFeatures(Map.of(
                XMLConstants.FEATURE_SECURE_PROCESSING, true,
                "http://apache.org/xml/features/disallow-doctype-decl", true,
                "http://xml.org/sax/features/external-general-entities", false,
                "http://xml.org/sax/features/external-parameter-entities", false,
                "http://apache.org/xml/features/nonvalidating/load-external-dtd", false,
                // as OpenSAML's own decryption pool: deferred DOM expansion trips Xerces on
                // nodes imported from a decrypted fragment
                "http://apache.org/xml/features/dom/defer-node-expansion", false));
        pool.setBuilderAttributes(Map.of(JDK_MAX_ELEMENT_DEPTH, String.valueOf(MAX_ELEMENT_DEPTH)));
        // The pool's default handler logs every parse error at ERROR with the parser's message;
        // hostile input is routine at an ACS, and the caller reports a typed reason instead.
        pool.setErrorHandler(new QuietErrorHandler());
        try {
            pool.initialize();
        } catch (ComponentInitializationException e) {
            throw new IllegalStateException("secure XML parser pool failed to initialise", e);
        }
        PARSER_POOL = pool;
        // Decrypted assertions are parsed by whatever pool is registered here. Their plaintext is
        // attacker-controlled (the SP encryption key is public), so it gets the same pool.
        ConfigurationService.register(DecryptionParserPool.class, new DecryptionParserPool(pool));
    }

    private OpenSaml() {
    }

    /** Makes sure OpenSAML is initialised (the work happens once, in the class initialiser). */
    static void init() {
        // Loading this class is the initialisation.
    }

    /** Parses bytes through the secure pool. */
    static Document parse(byte[] xml) throws XMLParserException {
        return PARSER_POOL.parse(new ByteArrayInputStream(xml));
    }

    /** Unmarshals a DOM element into its OpenSAML object; the object keeps the DOM. */
    static XMLObject unmarshal(Element element) throws UnmarshallingException {
        Unmarshaller unmarshaller = XMLObjectSupport.getUnmarshaller(element);
        if (unmarshaller == null) {
            throw new UnmarshallingException("no unmarshaller for element " + element.getLocalName());
        }
        return unmarshaller.unmarshall(element);
    }

    /** Builds an empty OpenSAML object for an element name. */
    @SuppressWarnings("unchecked")
    static <T extends XMLObject> T build(QName elementName) {
        return (T) XMLObjectSupport.buildXMLObject(elementName);
    }

    /** Marshals an object and serialises it without an XML declaration's surprises (UTF-8). */
    static String serialize(XMLObject object) {
        try {
            return SerializeSupport.nodeToString(XMLObjectSupport.marshall(object));
        } catch (MarshallingException e) {
            throw new IllegalStateException("could not marshal " + object.getElementQName(), e);
        }
    }

    /** True when a parse failure was caused by a document type declaration. */
    static boolean isDoctypeRefusal(XMLParserException e, byte[] xml) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = t.getMessage();
            if (message != null && message.contains("DOCTYPE")) {
                return true;
            }
        }
        // Independent of the parser's wording: a DOCTYPE in the prolog of a UTF-8 document.
        return indexOf(xml, "<!DOCTYPE".getBytes(StandardCharsets.US_ASCII)) >= 0;
    }

    /** Fails on errors without logging them; warnings are ignored. */
    private static final class QuietErrorHandler implements ErrorHandler {
        @Override
        public void warning(SAXParseException e) {
            // nothing: a warning does not make the document unusable
        }

        @Override
        public void error(SAXParseException e) throws SAXParseException {
            throw e;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXParseException {
            throw e;
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
