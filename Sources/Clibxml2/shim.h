#include <libxml/xmlversion.h>
/* Debian's libxml2 is built with ICU, and its encoding.h then includes the system's <unicode/ucnv.h>, which clashes
   with the ICU inside Foundation. Only the layout of xmlCharEncodingHandler depends on it, a struct gaizao never
   touches (the HTML parser context holds it by pointer), so the ICU part is left out here. */
#undef LIBXML_ICU_ENABLED
#include <libxml/HTMLparser.h>
