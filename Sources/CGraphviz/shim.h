#ifndef ARKITEKT_CGRAPHVIZ_SHIM_H
#define ARKITEKT_CGRAPHVIZ_SHIM_H
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <gvc.h>

/* Object ids in the order the names first appear.
 *
 * cgraph's own id discipline makes a named object's id the address of its interned name, and it
 * keeps subgraphs (the clusters) sorted by id: their order, and with it the layout, then changes
 * with where malloc put the names, from one process to the next. Here a name's id is its place in
 * the order of first appearance (times two: odd ids are cgraph's anonymous objects), so the same
 * DOT text gives the same drawing every time. */
typedef struct {
    char **names;
    size_t count;
    size_t capacity;
    IDTYPE anonymous;
} arkitekt_ids;

/* A name as cgraph's own strings are laid out: a header of a list link, a reference count whose
 * top bit says "HTML-like", and a pointer to the text, followed by the text. cgraph asks whether a
 * name is HTML-like (aghtmlstr) by reading the count just before the text; for a name copied with
 * plain strdup that read would land in malloc's bookkeeping, and the answer, and with it the
 * output (`<n1>` for `n1`), would change from run to run. The header here is zero: never HTML. */
typedef struct {
    void *link[2];
    uint64_t refcnt;
    char *s;
} arkitekt_name_head;

static inline char *arkitekt_name_copy(const char *str) {
    size_t length = strlen(str);
    char *block = calloc(1, sizeof(arkitekt_name_head) + length + 1);
    if (block == NULL) return NULL;
    char *name = block + sizeof(arkitekt_name_head);
    memcpy(name, str, length + 1);
    ((arkitekt_name_head *)block)->s = name;
    return name;
}

static inline void *arkitekt_ids_open(Agraph_t *g, Agdisc_t *disc) {
    (void)g; (void)disc;
    arkitekt_ids *state = calloc(1, sizeof(arkitekt_ids));
    if (state) state->anonymous = 1;
    return state;
}

static inline long arkitekt_ids_map(void *s, int objtype, char *str, IDTYPE *id, int createflag) {
    (void)objtype;
    arkitekt_ids *state = s;
    if (state == NULL) return 0;
    if (str == NULL) {
        *id = state->anonymous;
        state->anonymous += 2;
        return 1;
    }
    for (size_t i = 0; i < state->count; i++) {
        if (strcmp(state->names[i], str) == 0) {
            *id = (IDTYPE)(2 * (i + 1));
            return 1;
        }
    }
    if (!createflag) {
        *id = 0;
        return 1;
    }
    if (state->count == state->capacity) {
        size_t capacity = state->capacity ? 2 * state->capacity : 64;
        char **names = realloc(state->names, capacity * sizeof(char *));
        if (names == NULL) return 0;
        state->names = names;
        state->capacity = capacity;
    }
    char *copy = arkitekt_name_copy(str);
    if (copy == NULL) return 0;
    state->names[state->count] = copy;
    state->count += 1;
    *id = (IDTYPE)(2 * state->count);
    return 1;
}

static inline long arkitekt_ids_alloc(void *s, int objtype, IDTYPE request) {
    (void)s; (void)objtype; (void)request;
    return 0;
}

static inline void arkitekt_ids_free(void *s, int objtype, IDTYPE id) {
    (void)s; (void)objtype; (void)id;
}

static inline char *arkitekt_ids_print(void *s, int objtype, IDTYPE id) {
    (void)objtype;
    arkitekt_ids *state = s;
    if (state == NULL || id == 0 || id % 2 != 0 || id / 2 > state->count) return NULL;
    return state->names[id / 2 - 1];
}

static inline void arkitekt_ids_close(void *s) {
    arkitekt_ids *state = s;
    if (state == NULL) return;
    for (size_t i = 0; i < state->count; i++) free(state->names[i] - sizeof(arkitekt_name_head));
    free(state->names);
    free(state);
}

static inline void arkitekt_ids_register(void *s, int objtype, void *obj) {
    (void)s; (void)objtype; (void)obj;
}

/* Reading DOT from memory, a line at a time as cgraph's reader wants it. */
typedef struct {
    const char *data;
    size_t length;
    size_t at;
} arkitekt_text;

static inline int arkitekt_text_read(void *chan, char *buf, int bufsize) {
    arkitekt_text *text = chan;
    if (bufsize <= 0 || text->at >= text->length) return 0;
    int n = 0;
    char c;
    do {
        c = text->data[text->at++];
        buf[n++] = c;
    } while (c != '\n' && n < bufsize && text->at < text->length);
    return n;
}

static inline int arkitekt_text_put(void *chan, const char *str) {
    (void)chan; (void)str;
    return 0;
}

static inline int arkitekt_text_flush(void *chan) {
    (void)chan;
    return 0;
}

/// Reads a graph from DOT text with the ids above.
static inline Agraph_t *arkitekt_read_graph(const char *data, size_t length) {
    static Agiddisc_t ids = {
        arkitekt_ids_open, arkitekt_ids_map, arkitekt_ids_alloc, arkitekt_ids_free,
        arkitekt_ids_print, arkitekt_ids_close, arkitekt_ids_register
    };
    static Agiodisc_t io = { arkitekt_text_read, arkitekt_text_put, arkitekt_text_flush };
    static Agdisc_t disc;
    disc.mem = &AgMemDisc;
    disc.id = &ids;
    disc.io = &io;
    arkitekt_text text = { data, length, 0 };
    return agread(&text, &disc);
}
#endif
