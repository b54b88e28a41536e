package io.tidewatch.report;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/** The report parsed as XML: failing to parse is the well-formedness check; XPath finds the parts. */
final class Xhtml {

    private final Document doc;

    private Xhtml(final Document doc) {
        this.doc = doc;
    }

    static Xhtml parse(final String html) {
        try {
            final DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            // The page has no DTD to load; refuse external entities as any parser of untrusted text should.
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            factory.setExpandEntityReferences(false);
            return new Xhtml(factory.newDocumentBuilder()
                    .parse(new ByteArrayInputStream(html.getBytes(StandardCharsets.UTF_8))));
        } catch (final Exception e) {
            throw new AssertionError("the report is not well-formed: " + e.getMessage(), e);
        }
    }

    List<Element> all(final String xpath) {
        try {
            final NodeList nodes = (NodeList) XPathFactory.newInstance().newXPath()
                    .evaluate(xpath, doc, XPathConstants.NODESET);
            final List<Element> elements = new ArrayList<>();
            for (int i = 0; i < nodes.getLength(); i++) {
                elements.add((Element) nodes.item(i));
            }
            return elements;
        } catch (final Exception e) {
            throw new AssertionError("bad xpath " + xpath, e);
        }
    }

    String text(final String xpath) {
        return String.join("\n", all(xpath).stream().map(Node::getTextContent).toList());
    }

    Element root() {
        return doc.getDocumentElement();
    }
}
