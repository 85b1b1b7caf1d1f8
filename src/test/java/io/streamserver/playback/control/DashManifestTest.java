package io.streamserver.playback.control;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.w3c.dom.ls.LSInput;
import org.xml.sax.SAXException;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DashManifestTest {

    private static final String XLINK = "http://www.w3.org/XML/2008/06/xlink.xsd";

    private static final List<DashManifest.SegmentFile> OPUS = List.of(
            new DashManifest.SegmentFile("opus_medium_00001.m4s", 6.0),
            new DashManifest.SegmentFile("opus_medium_00002.m4s", 6.0),
            new DashManifest.SegmentFile("opus_medium_00003.m4s", 6.0),
            new DashManifest.SegmentFile("opus_medium_00004.m4s", 2.000333));
    private static final List<DashManifest.SegmentFile> FLAC = List.of(
            new DashManifest.SegmentFile("flac_hi_res_00001.m4s", 6.164898),
            new DashManifest.SegmentFile("flac_hi_res_00002.m4s", 6.164898),
            new DashManifest.SegmentFile("flac_hi_res_00003.m4s", 7.670204));

    private static String ladder(String query) {
        return DashManifest.render(List.of(
                new DashManifest.Representation("opus_medium", 96_500, "Opus", "opus_medium_init.mp4", OPUS),
                new DashManifest.Representation("flac_hi_res", 900_000, "fLaC", "flac_hi_res_init.mp4", FLAC)), query);
    }

    @Test
    void aLadderIsValidAgainstTheMpegDashSchema() throws Exception {
        schema().newValidator().validate(new StreamSource(new StringReader(ladder("token=123.abc_-"))));
        schema().newValidator().validate(new StreamSource(new StringReader(DashManifest.render(List.of(
                new DashManifest.Representation("segment", 1, "Opus", "init.mp4", OPUS.subList(0, 1))), null))));
    }

    @Test
    void theSchemaRefusesChildrenOutOfItsOrder() throws Exception {
        // the check above is only worth something if the validator does refuse a manifest the schema forbids
        String swapped = ladder(null).replaceFirst("(?s)(<Initialization [^>]*/>\\n)(\\s*<SegmentTimeline>.*?</SegmentTimeline>\\n)",
                "$2$1");
        assertTrue(!swapped.equals(ladder(null)), swapped);
        assertThrows(SAXException.class, () -> schema().newValidator().validate(new StreamSource(new StringReader(swapped))));
    }

    @Test
    void eachRepresentationListsItsFilesWithTheRecordedDurationsAndTheQuery() throws Exception {
        Document mpd = parse(ladder("token=9.sig"));
        Element root = mpd.getDocumentElement();
        assertEquals("static", root.getAttribute("type"));
        assertEquals("PT20.000S", root.getAttribute("mediaPresentationDuration"), "the longest representation");
        assertEquals("PT8.000S", root.getAttribute("minBufferTime"), "the longest segment, rounded up");
        assertEquals(1, mpd.getElementsByTagName("AdaptationSet").getLength());
        NodeList representations = mpd.getElementsByTagName("Representation");
        assertEquals(2, representations.getLength());
        Element flac = (Element) representations.item(1);
        assertEquals("flac_hi_res", flac.getAttribute("id"));
        assertEquals("900000", flac.getAttribute("bandwidth"));
        assertEquals("fLaC", flac.getAttribute("codecs"));
        assertEquals("1000000", ((Element) flac.getElementsByTagName("SegmentList").item(0)).getAttribute("timescale"));
        assertEquals("flac_hi_res_init.mp4?token=9.sig",
                ((Element) flac.getElementsByTagName("Initialization").item(0)).getAttribute("sourceURL"));
        List<String> urls = new ArrayList<>();
        NodeList segmentUrls = flac.getElementsByTagName("SegmentURL");
        for (int i = 0; i < segmentUrls.getLength(); i++) {
            urls.add(((Element) segmentUrls.item(i)).getAttribute("media"));
        }
        assertEquals(List.of("flac_hi_res_00001.m4s?token=9.sig", "flac_hi_res_00002.m4s?token=9.sig",
                "flac_hi_res_00003.m4s?token=9.sig"), urls);
        assertEquals(List.of(List.of(0L, 6_164_898L, 1L), List.of(12_329_796L, 7_670_204L, 0L)), timeline(flac));
        assertEquals(List.of(List.of(0L, 6_000_000L, 2L), List.of(18_000_000L, 2_000_333L, 0L)),
                timeline((Element) representations.item(0)));
    }

    @Test
    void startsAreRoundedSumsSoThatRoundingNeverAccumulates() throws Exception {
        List<DashManifest.SegmentFile> thirds = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            thirds.add(new DashManifest.SegmentFile("segment_0000" + (i + 1) + ".m4s", 1.0 / 3));
        }
        Element representation = (Element) parse(DashManifest.render(List.of(
                new DashManifest.Representation("segment", 1, "fLaC", "init.mp4", thirds)), null))
                .getElementsByTagName("Representation").item(0);
        long end = 0;
        long count = 0;
        for (List<Long> s : timeline(representation)) {
            assertEquals(end, s.get(0), "each S starts where the last ended");
            end = s.get(0) + s.get(1) * (s.get(2) + 1);
            count += s.get(2) + 1;
        }
        assertEquals(9, count);
        assertEquals(3_000_000, end, "nine thirds of a second end on 3 s exactly");
    }

    /** Each S as [t, d, r]. */
    private static List<List<Long>> timeline(Element representation) {
        List<List<Long>> entries = new ArrayList<>();
        NodeList s = representation.getElementsByTagName("S");
        for (int i = 0; i < s.getLength(); i++) {
            Element e = (Element) s.item(i);
            entries.add(List.of(Long.parseLong(e.getAttribute("t")), Long.parseLong(e.getAttribute("d")),
                    e.getAttribute("r").isEmpty() ? 0 : Long.parseLong(e.getAttribute("r"))));
        }
        return entries;
    }

    private static Document parse(String xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    /** DASH-MPD.xsd with its xlink import answered from the local copy beside it, never from the network. */
    static Schema schema() throws SAXException, IOException {
        SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
        URL xlink = DashManifestTest.class.getResource("/dash/xlink.xsd");
        URL mpd = DashManifestTest.class.getResource("/dash/DASH-MPD.xsd");
        assertNotNull(xlink);
        assertNotNull(mpd);
        factory.setResourceResolver((type, namespace, publicId, systemId, baseUri) -> {
            if (!XLINK.equals(systemId)) {
                throw new IllegalStateException("the schema imports " + systemId + ", which has no local copy");
            }
            LSInput input = new LocalInput(xlink.toString());
            return input;
        });
        // the DTD's entities in DASH-MPD.xsd are internal; nothing may be fetched
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "file,jar");
        return factory.newSchema(mpd);
    }

    /** An LSInput that names the local file; the parser opens it itself. */
    private record LocalInput(String systemId) implements LSInput {
        public java.io.Reader getCharacterStream() { return null; }
        public void setCharacterStream(java.io.Reader characterStream) { }
        public java.io.InputStream getByteStream() { return null; }
        public void setByteStream(java.io.InputStream byteStream) { }
        public String getStringData() { return null; }
        public void setStringData(String stringData) { }
        public String getSystemId() { return systemId; }
        public void setSystemId(String systemId) { }
        public String getPublicId() { return null; }
        public void setPublicId(String publicId) { }
        public String getBaseURI() { return null; }
        public void setBaseURI(String baseURI) { }
        public String getEncoding() { return null; }
        public void setEncoding(String encoding) { }
        public boolean getCertifiedText() { return false; }
        public void setCertifiedText(boolean certifiedText) { }
    }
}
