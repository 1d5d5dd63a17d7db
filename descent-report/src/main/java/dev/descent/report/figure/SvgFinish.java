package dev.descent.report.figure;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
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
import org.w3c.dom.Document;
import org.w3c.dom.Element;
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

    private static final java.util.Set<String> GEOMETRY = java.util.Set.of("d", "points", "x", "y", "width",
            "height", "cx", "cy", "rx", "ry", "x1", "y1", "x2", "y2");
    private static final java.util.regex.Pattern NUMBER = java.util.regex.Pattern.compile(
            "-?\\d+\\.\\d+(?:[eE][-+]?\\d+)?");

    /** Rounds the numbers in the geometry attributes of every element under {@code e}. */
    private static void roundGeometry(Element root) {
        org.w3c.dom.NodeList all = root.getElementsByTagName("*");
        for (int i = 0; i < all.getLength(); i++) {
            Element e = (Element) all.item(i);
            org.w3c.dom.NamedNodeMap attrs = e.getAttributes();
            for (int a = 0; a < attrs.getLength(); a++) {
                org.w3c.dom.Attr attr = (org.w3c.dom.Attr) attrs.item(a);
                if (GEOMETRY.contains(attr.getName())) {
                    attr.setValue(round(attr.getValue()));
                }
            }
        }
    }

    /** Every decimal number in {@code text} to at most two decimals, trailing zeros dropped. */
    static String round(String text) {
        java.util.regex.Matcher m = NUMBER.matcher(text);
        StringBuilder sb = new StringBuilder(text.length());
        while (m.find()) {
            double v = Double.parseDouble(m.group());
            long hundredths = Math.round(v * 100);
            String r;
            if (hundredths % 100 == 0) {
                r = Long.toString(hundredths / 100);
            } else {
                long abs = Math.abs(hundredths);
                String frac = abs % 10 == 0 ? Long.toString(abs % 100 / 10) : String.format(java.util.Locale.ROOT, "%02d", abs % 100);
                r = (hundredths < 0 ? "-" : "") + abs / 100 + "." + frac;
            }
            m.appendReplacement(sb, r);
        }
        m.appendTail(sb);
        return sb.toString();
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
