/// Barometer's DTD of Triple-S XML metadata, written from the structure the Triple-S 2.0
/// standard describes; 1.2 documents satisfy it too (2.0 only added to 1.2).
///
/// The program validates against this copy, not the DTD a document's `DOCTYPE` names, so a
/// metadata file never makes it fetch anything. What it flags is reported as a warning:
/// exporters add attributes of their own (`data-file-encoding`) or put an element where an
/// older version put it, and those files are still read. Mistakes that would misread the
/// data are errors of `TripleSMetadataParser`, DTD or not.
enum TripleSDTD {
    static let text = """
        <!ELEMENT sss (date?, time?, origin?, user?, survey)>
        <!ATTLIST sss version CDATA #IMPLIED options CDATA #IMPLIED languages CDATA #IMPLIED modes CDATA #IMPLIED>
        <!ELEMENT date (#PCDATA)>
        <!ELEMENT time (#PCDATA)>
        <!ELEMENT origin (#PCDATA)>
        <!ELEMENT user (#PCDATA)>
        <!ELEMENT survey (name?, version?, title?, record+)>
        <!ELEMENT name (#PCDATA)>
        <!ELEMENT version (#PCDATA)>
        <!ELEMENT title (#PCDATA | text | br)*>
        <!ELEMENT br EMPTY>
        <!ELEMENT text (#PCDATA | br)*>
        <!ATTLIST text xml:lang CDATA #IMPLIED mode CDATA #IMPLIED>
        <!ELEMENT record (variable+)>
        <!ATTLIST record ident CDATA #REQUIRED href CDATA #IMPLIED format (fixed | csv) "fixed" skip CDATA #IMPLIED>
        <!ELEMENT variable (name, label, position, spread?, filter?, values?, size?)>
        <!ATTLIST variable
            ident CDATA #REQUIRED
            type (single | multiple | quantity | character | logical | date | time) #REQUIRED
            use (serial | weight) #IMPLIED
            format (numeric | literal) "numeric">
        <!ELEMENT label (#PCDATA | text | br)*>
        <!ELEMENT position EMPTY>
        <!ATTLIST position start CDATA #REQUIRED finish CDATA #IMPLIED>
        <!ELEMENT spread EMPTY>
        <!ATTLIST spread subfields CDATA #REQUIRED width CDATA #IMPLIED>
        <!ELEMENT filter (#PCDATA)>
        <!ELEMENT values (range?, value*)>
        <!ELEMENT range EMPTY>
        <!ATTLIST range from CDATA #REQUIRED to CDATA #REQUIRED>
        <!ELEMENT value (#PCDATA | text | br)*>
        <!ATTLIST value code CDATA #REQUIRED score CDATA #IMPLIED>
        <!ELEMENT size (#PCDATA)>
        """
}
