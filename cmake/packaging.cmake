# CPack: the Debian package tracediff_VERSION_amd64.deb, with the binary, the man page and the
# completions that `cmake --install` installs (src/cli/CMakeLists.txt), under /usr. Its
# Depends: come from dpkg-shlibdeps, which looks up the package of every shared library the
# binary links. Build it with `cpack -G DEB` in a build folder (scripts/test-package.sh).
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME tracediff)
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "compare training traces step by step and gate CI on their deltas")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT) # tracediff_0.1.0_amd64.deb
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "tracediff developers <tracediff@localhost>")
set(CPACK_DEBIAN_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
    "tracediff reads the training traces of two or more runs of one network (JSON Lines,\n\
TensorBoard event files, CSV, Megatron-LM golden values, trainer_state.json, text\n\
logs), pairs their records by step and reports the step-1, step-2, median and max\n\
deltas as markdown, CSV or JSON; `tracediff check` gates a CI job on them.")
include(CPack)
