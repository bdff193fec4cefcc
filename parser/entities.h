/* Named character references beyond HTML 4's (entities.c). */
#ifndef NW_ENTITIES_H
#define NW_ENTITIES_H

/* The code points of the HTML standard's reference `name` (without '&'
 * and ';') when HTML 4 does not define it ("ccaron", "mldr", "colon") or
 * gave it another character ("lang" is U+27E8, not HTML 4's U+2329):
 * returns how many (1 or 2, written to cp), 0 when the name is none of
 * those. The other HTML 4 names are libxml2's htmlEntityLookup's. */
unsigned html_ref_html5(const char *name, unsigned cp[2]);

/* The character of any named reference that stands for one, as the HTML
 * standard has it (html_ref_html5's, then HTML 4's as libxml2 has
 * them), 0 for none. */
unsigned html_ref_char(const char *name);

#endif
