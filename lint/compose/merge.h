/*
 * merge.h - one compose document over another, by the Compose merge rules.
 *
 * docker compose merges `-f a.yml -f b.yml`, an `extends` base with the
 * service that extends it, and an included resource with a local one by the
 * rules of the Compose Specification (merge.md, as compose-go applies
 * them in override/merge.go and override/uncity.go):
 *
 *  - mappings merge key by key, recursively; a scalar is replaced; a null
 *    override keeps the base; sequences are appended;
 *  - command, entrypoint, healthcheck.test and ulimits.* are replaced whole;
 *  - environment, labels, annotations, sysctls, build.args, build.labels,
 *    build.additional_contexts, deploy.labels and the labels of networks and
 *    volumes merge by key, in either syntax (a `- K=V` list and a `K: V`
 *    mapping merge into one mapping); extra_hosts likewise by host;
 *  - ports are unique by host_ip:published:target/protocol, volumes and
 *    devices by target, secrets and configs by target, dns, dns_opt,
 *    dns_search, tmpfs, env_file, cap_add, cap_drop, profiles, links,
 *    expose and network aliases by value: an override's entry replaces the
 *    base's at the base's place, new entries are appended;
 *  - depends_on and a service's networks merge as mappings (a list is a
 *    mapping of names); build as a mapping (a string is its context);
 *    logging merges only when both name the same driver (or one none);
 *    networks.*.ipam.config merges by subnet;
 *  - `!reset` on an override's value removes the key, `!override` replaces
 *    the value instead of merging it.
 *
 * Which rule applies to which key is merge_rules[] in keys.c.
 *
 * The result is a derived tree (yaml/build.h): each part keeps the span
 * where it was written, and its entry (or item) chain gets the link given
 * for its side (an `extends` or `include` site) in front of its own.
 */
#ifndef CL_COMPOSE_MERGE_H
#define CL_COMPOSE_MERGE_H

#include "yaml/tree.h"

struct arena;

/* compose_merge() - document `over` merged over `base` (either may be NULL). */
const struct ynode *compose_merge(struct arena *a, const struct ynode *base,
				  const struct ynode *over);

/*
 * compose_merge_at() - value `over` merged over `base` as found at path
 * (keys from the document's root, e.g. {"services", "web"}), with the
 * chains base_via / over_via put in front of the parts from each side.
 * The result's own chain, when it is one side's value unchanged, is stored
 * in *via (NULL for a derived value).
 */
const struct ynode *compose_merge_at(struct arena *a, const char *const *path, uint32_t depth,
				     const struct ynode *base, const struct yvia *base_via,
				     const struct ynode *over, const struct yvia *over_via,
				     const struct yvia **via);

#endif
