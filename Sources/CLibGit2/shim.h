#ifndef ARKITEKT_CLIBGIT2_SHIM_H
#define ARKITEKT_CLIBGIT2_SHIM_H
#include <git2.h>
#endif
