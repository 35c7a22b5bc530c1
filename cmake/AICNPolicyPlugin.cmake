# aicn_add_policy_plugin(TARGET source.cpp ...): a dispatch policy library for
# `aicn run --policy-lib libTARGET.so`. Used by AICN's own build (tests/CMakeLists.txt) and,
# installed beside AICNConfig.cmake, by out-of-tree policies after find_package(AICN): one
# definition for both.
#
# The library is compiled against the policy headers only (target AICN::policy) and links
# nothing of AICN: the aicn binary exports the registry and everything else a policy calls,
# and resolves it when it loads the library.
function(aicn_add_policy_plugin target)
  add_library(${target} MODULE ${ARGN})
  target_link_libraries(${target} PRIVATE AICN::policy)
  # Inside AICN's own tree, its warnings and sanitizer flags too (a sanitized aicn needs
  # sanitized plugins). An out-of-tree project has no such target.
  if(TARGET aicn_options)
    target_link_libraries(${target} PRIVATE aicn_options)
  endif()
  set_target_properties(${target} PROPERTIES PREFIX "lib" POSITION_INDEPENDENT_CODE ON)
endfunction()
