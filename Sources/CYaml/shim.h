#ifndef ARKITEKT_CYAML_SHIM_H
#define ARKITEKT_CYAML_SHIM_H
#include <yaml.h>
#endif
