# Compiler warnings and sanitizers applied to every AICN target through aicn_options.
add_library(aicn_options INTERFACE)
target_compile_options(aicn_options INTERFACE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor)
if(AICN_WERROR)
  target_compile_options(aicn_options INTERFACE -Werror)
endif()
if(AICN_SANITIZE)
  # No recovery: undefined behaviour fails the program (and its test) instead of printing and going on.
  target_compile_options(aicn_options INTERFACE -fsanitize=address,undefined -fno-sanitize-recover=all
                                                -fno-omit-frame-pointer)
  target_link_options(aicn_options INTERFACE -fsanitize=address,undefined -fno-sanitize-recover=all)
endif()
