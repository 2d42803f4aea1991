// The parts of the system libxml2 that BarometerExtract's XML readers use. Only the Swift
// wrapper in Sources/BarometerExtract/XML/ (XMLStreamReader, XMLPushParser, XMLDTDValidator,
// XMLErrorSink, LibXML2) imports this module.
#ifndef BAROMETER_CLIBXML2_SHIM_H
#define BAROMETER_CLIBXML2_SHIM_H

#include <libxml/xmlversion.h>

// A libxml2 built with ICU pulls the system's <unicode/*.h> into this module, whose
// UErrorCode then clashes with Foundation's bundled ICU in any Swift file that sees both.
// Nothing here touches the ICU fields (xmlCharEncodingHandler is only ever handled by
// pointer), so the headers are read as if libxml2 had no ICU support.
#undef LIBXML_ICU_ENABLED

#include <libxml/parser.h>
#include <libxml/SAX2.h>
#include <libxml/tree.h>
#include <libxml/valid.h>
#include <libxml/xmlIO.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlreader.h>

#endif
