package dev.rolegate.sso.saml;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import javax.xml.parsers.DocumentBuilderFactory;

import net.shibboleth.utilities.java.support.xml.SerializeSupport;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/** DOM helpers for building and tampering with test documents. */
final class Dom {

    static final String SAML = "urn:oasis:names:tc:SAML:2.0:assertion";
    static final String SAMLP = "urn:oasis:names:tc:SAML:2.0:protocol";
    static final String DS = "http://www.w3.org/2000/09/xmldsig#";

    private Dom() {
    }

    /** Parses test XML with a plain namespace-aware JDK parser (tests trust their own input). */
    static Document parse(String xml) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            return factory.newDocumentBuilder()
                    .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String toXml(Node node) {
        return SerializeSupport.nodeToString(node);
    }

    /** All elements with this namespace and local name, in document order. */
    static List<Element> all(Node root, String ns, String localName) {
        NodeList list = root instanceof Document
                ? ((Document) root).getElementsByTagNameNS(ns, localName)
                : ((Element) root).getElementsByTagNameNS(ns, localName);
        List<Element> elements = new ArrayList<>();
        for (int i = 0; i < list.getLength(); i++) {
            elements.add((Element) list.item(i));
        }
        return elements;
    }

    static Element first(Node root, String ns, String localName) {
        List<Element> elements = all(root, ns, localName);
        if (elements.isEmpty()) {
            throw new IllegalStateException("no " + localName);
        }
        return elements.get(0);
    }

    static Element assertion(Document document) {
        return first(document, SAML, "Assertion");
    }

    /** The ds:Signature that is a direct child of this element. */
    static Element signatureOf(Element element) {
        for (Node child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element && DS.equals(child.getNamespaceURI())
                    && "Signature".equals(child.getLocalName())) {
                return (Element) child;
            }
        }
        throw new IllegalStateException("no direct ds:Signature child");
    }

    /** The child element just after the Issuer: where a ds:Signature goes (schema order). */
    static Node afterIssuer(Element element) {
        Element issuer = first(element, SAML, "Issuer");
        Node next = issuer.getNextSibling();
        return next;
    }

    /** Replaces the text of the (first) element with this name under root. */
    static void setText(Node root, String ns, String localName, String text) {
        first(root, ns, localName).setTextContent(text);
    }
}
