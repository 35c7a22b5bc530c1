# `cmake --install` and `cpack -G DEB` (docs/install.md): the aicn binary, its man page, the
# policy headers and a CMake package for out-of-tree policies (find_package(AICN)), the
# TEMPLATE policy, and the aicn Python package.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(AICN_INSTALL_DATADIR "${CMAKE_INSTALL_DATADIR}/aicn")
set(AICN_INSTALL_CMAKEDIR "${CMAKE_INSTALL_LIBDIR}/cmake/AICN")
# Where Debian's python3 looks: /usr/lib/python3/dist-packages for the system prefix (the
# .deb); under any other prefix the versioned folder, as Debian's /usr/local/lib/python3.X/
# dist-packages (a scratch prefix needs PYTHONPATH, see docs/install.md).
find_package(Python3 COMPONENTS Interpreter)
if(CMAKE_INSTALL_PREFIX STREQUAL "/usr" OR NOT Python3_VERSION_MINOR)
  set(aicn_python_dir_default "lib/python3/dist-packages")
else()
  set(aicn_python_dir_default "lib/python3.${Python3_VERSION_MINOR}/dist-packages")
endif()
# Not cached, so that reconfiguring with another CMAKE_INSTALL_PREFIX moves it;
# -DAICN_PYTHON_INSTALL_DIR=... (relative to the prefix) chooses another folder.
if(NOT AICN_PYTHON_INSTALL_DIR)
  set(AICN_PYTHON_INSTALL_DIR "${aicn_python_dir_default}")
endif()

install(TARGETS aicn EXPORT AICNTargets RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}")

# The man page, made from the binary's own --help texts after each build of it.
set(AICN_MAN_PAGE "${CMAKE_BINARY_DIR}/aicn.1")
add_custom_command(OUTPUT "${AICN_MAN_PAGE}"
  COMMAND "${CMAKE_COMMAND}" "-DAICN=$<TARGET_FILE:aicn>" "-DOUT=${AICN_MAN_PAGE}" "-DVERSION=${PROJECT_VERSION}"
          -P "${CMAKE_SOURCE_DIR}/cmake/AicnManPage.cmake"
  DEPENDS aicn "${CMAKE_SOURCE_DIR}/cmake/AicnManPage.cmake"
  COMMENT "Writing the man page aicn.1 from aicn --help")
add_custom_target(aicn_man_page ALL DEPENDS "${AICN_MAN_PAGE}")
install(FILES "${AICN_MAN_PAGE}" DESTINATION "${CMAKE_INSTALL_MANDIR}/man1")

# Headers a policy includes: the policy interface and the workload and topology headers it
# reaches (every header of the three folders, so a new include needs no edit here).
foreach(folder scheduler_policies workloads topology)
  install(DIRECTORY "${CMAKE_SOURCE_DIR}/${folder}/include/aicn" DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}"
          FILES_MATCHING PATTERN "*.hpp")
endforeach()
install(TARGETS aicn_policy_api EXPORT AICNTargets)
install(FILES "${CMAKE_SOURCE_DIR}/scheduler_policies/TEMPLATE.cpp" DESTINATION "${AICN_INSTALL_DATADIR}")
install(FILES "${CMAKE_SOURCE_DIR}/docs/install.md" "${CMAKE_SOURCE_DIR}/docs/python.md"
              "${CMAKE_SOURCE_DIR}/scheduler_policies/README.md"
        DESTINATION "${CMAKE_INSTALL_DOCDIR}")

install(EXPORT AICNTargets NAMESPACE AICN:: DESTINATION "${AICN_INSTALL_CMAKEDIR}")
configure_package_config_file("${CMAKE_SOURCE_DIR}/cmake/AICNConfig.cmake.in"
  "${CMAKE_BINARY_DIR}/AICNConfig.cmake"
  INSTALL_DESTINATION "${AICN_INSTALL_CMAKEDIR}"
  PATH_VARS AICN_INSTALL_DATADIR)
# A plugin checks the interface version when it loads; 0.x releases promise nothing more.
write_basic_package_version_file("${CMAKE_BINARY_DIR}/AICNConfigVersion.cmake" COMPATIBILITY SameMinorVersion)
install(FILES "${CMAKE_BINARY_DIR}/AICNConfig.cmake" "${CMAKE_BINARY_DIR}/AICNConfigVersion.cmake"
              "${CMAKE_SOURCE_DIR}/cmake/AICNPolicyPlugin.cmake"
        DESTINATION "${AICN_INSTALL_CMAKEDIR}")

install(DIRECTORY "${CMAKE_SOURCE_DIR}/results/python/aicn" DESTINATION "${AICN_PYTHON_INSTALL_DIR}"
        FILES_MATCHING PATTERN "*.py" PATTERN "__pycache__" EXCLUDE)

# cpack -G DEB: aicn_<version>_<arch>.deb. The library dependencies come from
# dpkg-shlibdeps; Python and its packages are what `aicn report` and the Python package use.
set(CPACK_PACKAGE_NAME "aicn")
set(CPACK_PACKAGE_VENDOR "AICN")
set(CPACK_PACKAGE_CONTACT "AICN maintainers <aicn@invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "discrete-event simulator of a national network of AI data centres")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGING_INSTALL_PREFIX "/usr")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION "science")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "python3")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "python3-h5py, python3-numpy, python3-pandas, python3-yaml, python3-matplotlib")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "cmake, g++, libyaml-cpp-dev")
include(CPack)
