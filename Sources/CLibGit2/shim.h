#ifndef ARKITEKT_CLIBGIT2_SHIM_H
#define ARKITEKT_CLIBGIT2_SHIM_H
#include <git2.h>

/* git_libgit2_opts is variadic, which Swift cannot call: one small wrapper per option used. */

/* Objects are read, never written: verifying every object's hash on read (libgit2's default)
   costs a SHA-1 per blob and protects nothing that a YAML parser would not notice. */
static inline int arkitekt_git_disable_strict_hash_verification(void) {
    return git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
}

#endif
