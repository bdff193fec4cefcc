#ifndef NW_IDSET_H
#define NW_IDSET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A set of item ids held in memory by the writer, following its
 * transaction as store/bandmem.h does: ids added in a transaction that is
 * aborted are taken out again (idset_undo), those of one that commits kept
 * (idset_keep). An id is known by its first 8 bytes (ids are 128-bit
 * hashes). Costs 8 bytes a slot, at most half the slots in use. */
struct idset;

struct idset *idset_new(void);
void idset_free(struct idset *s);

/* Adds the id; true when it was not in the set. */
bool idset_add(struct idset *s, const unsigned char id[16]);

bool idset_has(const struct idset *s, const unsigned char id[16]);
size_t idset_count(const struct idset *s);

/* Both do nothing without a set (NULL), as idset_free. */
void idset_keep(struct idset *s);
void idset_undo(struct idset *s);

#endif
