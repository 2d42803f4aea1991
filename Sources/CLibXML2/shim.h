// The parts of the system libxml2 that BarometerExtract's XML readers use. Only the Swift
// wrapper in Sources/BarometerExtract/XML/XMLStreamReader.swift imports this module.
#ifndef BAROMETER_CLIBXML2_SHIM_H
#define BAROMETER_CLIBXML2_SHIM_H

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlreader.h>

#endif
