#ifndef NW_XMLARENA_H
#define NW_XMLARENA_H

#include <stdbool.h>
#include <stddef.h>

/* libxml2's memory for one page at a time.
 *
 * A page's tree is tens of thousands of small blocks (a node, its name,
 * its text, each attribute and its value), all freed together when the
 * page is done. Between xml_arena_begin and xml_arena_end, what libxml2
 * allocates on this thread comes from the thread's arena, a few large
 * chunks handed out in order; freeing such a block does nothing, and
 * xml_arena_end takes all of them back at once. A tree of the arena's is
 * not walked to be freed (xml_arena_free_doc). Outside those calls, and
 * on other threads, libxml2 allocates with malloc as before.
 *
 * So nothing libxml2 allocates between the two calls may be used after
 * the second: the tree, the strings xmlGetProp and xmlNodeGetContent
 * return, libxml2's last error. Builds with AddressSanitizer make the
 * arena's memory unreadable when it is taken back, and leave unreadable
 * bytes between its blocks, so that a use after the end, or past a
 * block, is reported as with malloc. */

/* Makes libxml2 allocate through the arena's functions (xmlMemSetup),
 * and initialises libxml2 (xmlInitParser: its globals must not be made in
 * an arena). Once per process, before any thread starts; without it
 * xml_arena_begin does nothing. Returns 0, or -1 when libxml2 refused. */
int xml_arena_install(void);

/* From now on libxml2's allocations on this thread come from its arena.
 * Calls do not nest: a second begin before the end does nothing, and
 * returns false (the caller must then not call xml_arena_end). */
bool xml_arena_begin(void);

/* Takes back everything allocated since xml_arena_begin on this thread
 * (libxml2's last error of this thread is cleared first); keeps one chunk
 * for the next page and gives the others back. */
void xml_arena_end(void);

/* Frees a document: nothing when it is the arena's (taken back at the
 * end), else xmlFreeDoc. */
struct _xmlDoc;
void xml_arena_free_doc(struct _xmlDoc *doc);

/* Frees a node taken out of its tree (and its subtree): nothing when it
 * is the arena's, else xmlFreeNode. */
struct _xmlNode;
void xml_arena_free_node(struct _xmlNode *node);

#endif
