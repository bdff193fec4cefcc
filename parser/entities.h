/* Named character references beyond HTML 4's (entities.c). */
#ifndef NW_ENTITIES_H
#define NW_ENTITIES_H

#include <stddef.h>

/* The code points of the HTML standard's reference `name` (without '&'
 * and ';') when HTML 4 does not define it ("ccaron", "mldr", "colon") or
 * gave it another character ("lang" is U+27E8, not HTML 4's U+2329):
 * returns how many (1 or 2, written to cp), 0 when the name is none of
 * those. The other HTML 4 names are libxml2's htmlEntityLookup's. */
unsigned html_ref_html5(const char *name, unsigned cp[2]);

/* The characters of any named reference, as the HTML standard has them
 * (HTML 4's as libxml2 has them, unless the standard changed one, then
 * html_ref_html5's): returns how many (1 or 2, written to cp; cp[1] is 0
 * for one), 0 for none, or when their UTF-8 takes more than `room` bytes
 * (a reader writing over its input: "&nGt;" is 5 bytes, its two
 * characters 6; SIZE_MAX for no limit). */
unsigned html_ref_chars(const char *name, unsigned cp[2], size_t room);

#endif
