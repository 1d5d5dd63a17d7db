package dev.descent.report.figure;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * Finishes the SVG that XChart and VectorGraphics2D write, as XML (javax.xml DOM; external DTDs
 * are not loaded), in two ways:
 * <ul>
 *   <li>It adds SVG's own accessibility elements, {@code <title>} and {@code <desc>}. XChart draws
 *       every text as glyph outlines, so without them the file holds no words at all: no screen
 *       reader, search or {@code grep} could find a series by name.</li>
 *   <li>It rounds the coordinates of geometry attributes to 1/100 px. VectorGraphics2D writes
 *       every double in full ({@code 406.23374118676315}); two decimals are invisible at any zoom
 *       a figure is read at and halve the file.</li>
 * </ul>
 */
final class SvgFinish {

    private static final String SVG_NS = "http://www.w3.org/2000/svg";
    private static final String DOCTYPE_PUBLIC = "-//W3C//DTD SVG 1.1//EN";
    private static final String DOCTYPE_SYSTEM = "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd";

    private SvgFinish() {
    }

    /** The description: axes, then each legend entry on its own line. */
    static String describe(Figure f, List<String> legend) {
        StringBuilder sb = new StringBuilder();
        sb.append("figure ").append(f.id()).append('\n');
        sb.append("x: ").append(f.xLabel()).append(" (").append(f.xScale().name().toLowerCase()).append(")\n");
        sb.append("y: ").append(f.yLabel()).append(" (").append(f.yScale().name().toLowerCase()).append(")\n");
        if (f.contours() != null) {
            sb.append("filled contours: ").append(f.contours().levels().length + 1).append(" bands\n");
        }
        for (String entry : legend) {
            sb.append("legend: ").append(entry).append('\n');
        }
        return sb.toString();
    }

    /** {@code svg} with {@code <title>} and {@code <desc>} as the first children of its root. */
    static byte[] annotate(byte[] svg, String title, String description) throws IOException {
        try {
            DocumentBuilder builder = parser().newDocumentBuilder();
            Document doc = builder.parse(new ByteArrayInputStream(svg));
            Element root = doc.getDocumentElement();
            Node first = root.getFirstChild();
            List<Element> added = new ArrayList<>();
            Element t = doc.createElementNS(SVG_NS, "title");
            t.setTextContent(title);
            added.add(t);
            Element d = doc.createElementNS(SVG_NS, "desc");
            d.setTextContent(description);
            added.add(d);
            for (Element e : added) {
                root.insertBefore(e, first);
            }
            roundGeometry(root);
            TransformerFactory tf = TransformerFactory.newInstance();
            tf.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            tf.setAttribute(XMLConstants.ACCESS_EXTERNAL_STYLESHEET, "");
            Transformer out = tf.newTransformer();
            out.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            out.setOutputProperty(OutputKeys.STANDALONE, "no");
            out.setOutputProperty(OutputKeys.DOCTYPE_PUBLIC, DOCTYPE_PUBLIC);
            out.setOutputProperty(OutputKeys.DOCTYPE_SYSTEM, DOCTYPE_SYSTEM);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(svg.length + 1024);
            out.transform(new DOMSource(doc), new StreamResult(bytes));
            return bytes.toByteArray();
        } catch (ParserConfigurationException | SAXException | TransformerException e) {
            throw new IOException("could not add the title and description to the SVG: " + e.getMessage(), e);
        }
    }

    private static final Set<String> GEOMETRY = Set.of("d", "points", "x", "y", "width",
            "height", "cx", "cy", "rx", "ry", "x1", "y1", "x2", "y2");
    private static final Pattern NUMBER = Pattern.compile(
            "-?\\d+\\.\\d+(?:[eE][-+]?\\d+)?");

    /** Rounds the numbers in the geometry attributes of every element, walking the tree iteratively. */
    private static void roundGeometry(Element root) {
        Node node = root;
        while (node != null) {
            if (node instanceof Element e) {
                NamedNodeMap attrs = e.getAttributes();
                for (int a = 0; a < attrs.getLength(); a++) {
                    Attr attr = (Attr) attrs.item(a);
                    if (GEOMETRY.contains(attr.getName())) {
                        attr.setValue(round(attr.getValue()));
                    }
                }
            }
            if (node.getFirstChild() != null) {
                node = node.getFirstChild();
            } else {
                while (node != null && node != root && node.getNextSibling() == null) {
                    node = node.getParentNode();
                }
                node = node == null || node == root ? null : node.getNextSibling();
            }
        }
    }

    /** Every decimal number in {@code text} to at most two decimals, trailing zeros dropped. */
    static String round(String text) {
        Matcher m = NUMBER.matcher(text);
        StringBuilder sb = new StringBuilder(text.length());
        int last = 0;
        while (m.find()) {
            sb.append(text, last, m.start());
            long hundredths = Math.round(Double.parseDouble(m.group()) * 100);
            long abs = Math.abs(hundredths);
            if (hundredths < 0) {
                sb.append('-');
            }
            sb.append(abs / 100);
            long frac = abs % 100;
            if (frac != 0) {
                sb.append('.').append((char) ('0' + frac / 10));
                if (frac % 10 != 0) {
                    sb.append((char) ('0' + frac % 10));
                }
            }
            last = m.end();
        }
        return sb.append(text, last, text.length()).toString();
    }

    /** A namespace-aware parser that reads no external DTD or entity. */
    static DocumentBuilderFactory parser() throws ParserConfigurationException {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setValidating(false);
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        f.setFeature("http://xml.org/sax/features/external-general-entities", false);
        f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
        f.setXIncludeAware(false);
        f.setExpandEntityReferences(false);
        return f;
    }
}
