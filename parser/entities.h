/* Named character references beyond HTML 4's (entities.c). */
#ifndef NW_ENTITIES_H
#define NW_ENTITIES_H

/* The code points of the HTML standard's reference `name` (without '&'
 * and ';') when HTML 4 does not define it ("ccaron", "mldr", "colon"):
 * returns how many (1 or 2, written to cp), 0 when the name is none of
 * those. The HTML 4 names are libxml2's htmlEntityLookup's. */
unsigned html_ref_html5(const char *name, unsigned cp[2]);

/* The character of any named reference that stands for one (HTML 4's as
 * libxml2 has them, then the standard's others), 0 for none. */
unsigned html_ref_char(const char *name);

#endif
