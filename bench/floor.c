/*
 * The floor: the least work any tool has to do to check a landscape stored in git.
 *
 *     floor REPO [REV [PATH]]        (defaults: HEAD, architecture)
 *
 * Opens REPO with libgit2, finds the tree of PATH in REV, walks it recursively and reads every
 * `.yaml`/`.yml` blob, parsing each completely with libyaml's event parser (yaml_parser_parse
 * until YAML_STREAM_END_EVENT, or until the first error, which is counted). One thread, no
 * document tree is built, nothing is checked. Prints files, bytes, events, parse errors and the
 * wall time from before git_repository_open to the end.
 *
 * Built by bench/run.sh:
 *     cc -O2 -o bench/out/floor bench/floor.c $(pkg-config --cflags --libs libgit2 yaml-0.1)
 */
#include <git2.h>
#include <yaml.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct totals {
    git_repository *repo;
    long files;
    long long bytes;
    long long events;
    long errors;
};

static void die(const char *what)
{
    const git_error *e = git_error_last();
    fprintf(stderr, "floor: %s: %s\n", what, e && e->message ? e->message : "unknown error");
    exit(2);
}

static int has_yaml_suffix(const char *name)
{
    size_t n = strlen(name);
    return (n > 5 && strcmp(name + n - 5, ".yaml") == 0) || (n > 4 && strcmp(name + n - 4, ".yml") == 0);
}

static void parse(struct totals *t, const unsigned char *data, size_t size)
{
    yaml_parser_t parser;
    yaml_event_t event;
    if (!yaml_parser_initialize(&parser)) {
        fprintf(stderr, "floor: yaml_parser_initialize failed\n");
        exit(2);
    }
    yaml_parser_set_input_string(&parser, data, size);
    for (;;) {
        if (!yaml_parser_parse(&parser, &event)) {
            t->errors++;
            break;
        }
        t->events++;
        int done = event.type == YAML_STREAM_END_EVENT;
        yaml_event_delete(&event);
        if (done) break;
    }
    yaml_parser_delete(&parser);
}

static int visit(const char *root, const git_tree_entry *entry, void *payload)
{
    (void)root;
    struct totals *t = payload;
    if (git_tree_entry_type(entry) != GIT_OBJECT_BLOB || !has_yaml_suffix(git_tree_entry_name(entry)))
        return 0;
    if (git_tree_entry_filemode(entry) == GIT_FILEMODE_LINK)
        return 0;
    git_blob *blob;
    if (git_blob_lookup(&blob, t->repo, git_tree_entry_id(entry)) != 0) die("git_blob_lookup");
    size_t size = (size_t)git_blob_rawsize(blob);
    parse(t, git_blob_rawcontent(blob), size);
    t->files++;
    t->bytes += (long long)size;
    git_blob_free(blob);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 2 || argc > 4) {
        fprintf(stderr, "usage: floor REPO [REV [PATH]]\n");
        return 2;
    }
    const char *rev = argc > 2 ? argv[2] : "HEAD";
    const char *path = argc > 3 ? argv[3] : "architecture";
    struct timespec start, end;
    clock_gettime(CLOCK_MONOTONIC, &start);

    git_libgit2_init();
    struct totals t = {0};
    if (git_repository_open(&t.repo, argv[1]) != 0) die("git_repository_open");
    git_object *obj;
    if (git_revparse_single(&obj, t.repo, rev) != 0) die("git_revparse_single");
    git_commit *commit;
    if (git_commit_lookup(&commit, t.repo, git_object_id(obj)) != 0) die("git_commit_lookup");
    git_tree *root, *tree;
    if (git_commit_tree(&root, commit) != 0) die("git_commit_tree");
    git_tree_entry *entry;
    if (git_tree_entry_bypath(&entry, root, path) != 0) die("git_tree_entry_bypath");
    if (git_tree_lookup(&tree, t.repo, git_tree_entry_id(entry)) != 0) die("git_tree_lookup");
    if (git_tree_walk(tree, GIT_TREEWALK_PRE, visit, &t) != 0) die("git_tree_walk");

    git_tree_free(tree);
    git_tree_entry_free(entry);
    git_tree_free(root);
    git_commit_free(commit);
    git_object_free(obj);
    git_repository_free(t.repo);
    git_libgit2_shutdown();

    clock_gettime(CLOCK_MONOTONIC, &end);
    double wall = (double)(end.tv_sec - start.tv_sec) + (double)(end.tv_nsec - start.tv_nsec) / 1e9;
    printf("files %ld bytes %lld events %lld errors %ld wall %.3f s\n", t.files, t.bytes, t.events, t.errors, wall);
    return 0;
}
