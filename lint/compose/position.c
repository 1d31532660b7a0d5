/* position.c - positions of compose values with their chains (see position.h). */
#include "compose/position.h"

#include <stddef.h>

const char *cl_str(const struct cl_val *v)
{
	if (!v->node || v->node->kind != Y_SCALAR || v->node->style == YS_EMPTY)
		return NULL;
	return v->node->scalar.s;
}

struct cl_val cl_val_entry(struct arena *a, const struct cl_val *parent, const struct yentry *e)
{
	struct cl_val v = { e->value, e->via, e->key };
	if (parent && parent->via)
		v.via = e->via ? y_via_concat(a, e->via, parent->via) : parent->via;
	return v;
}

struct cl_val cl_val_item(struct arena *a, const struct cl_val *seq, uint32_t i)
{
	struct cl_val v = { NULL, seq->via, NULL };
	const struct yvia *item_via = seq->node->seq.vias ? seq->node->seq.vias[i] : NULL;
	if (item_via)
		v.via = y_via_concat(a, item_via, v.via);
	v.node = y_deref(seq->node->seq.items[i], a, &v.via);
	return v;
}
