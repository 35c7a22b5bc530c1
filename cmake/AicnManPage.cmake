# Writes the man page aicn.1 from the binary's own --help texts, so it never disagrees with
# them: `aicn --help`, then `aicn CMD --help` for every subcommand listed (and theirs in turn).
#   cmake -DAICN=path/to/aicn -DOUT=aicn.1 -DVERSION=0.1.0 -P AicnManPage.cmake

function(aicn_help out_var)
  execute_process(COMMAND "${AICN}" ${ARGN} --help OUTPUT_VARIABLE text RESULT_VARIABLE status ERROR_VARIABLE errors)
  if(NOT status EQUAL 0)
    string(JOIN " " command ${ARGN})
    message(FATAL_ERROR "aicn ${command} --help failed (${status}): ${errors}")
  endif()
  string(REGEX REPLACE "Usage: [^ \n]*aicn" "Usage: aicn" text "${text}")  # not the build path
  set(${out_var} "${text}" PARENT_SCOPE)
endfunction()

# The names under "Subcommands:" (CLI11 lists them last, one a line, indented by two spaces).
function(aicn_subcommands text out_var)
  set(names "")
  string(FIND "${text}" "Subcommands:\n" at)
  if(NOT at EQUAL -1)
    string(SUBSTRING "${text}" ${at} -1 listed)
    string(REGEX MATCHALL "\n  [a-z][-a-z0-9]*" lines "${listed}")
    foreach(line IN LISTS lines)
      string(STRIP "${line}" name)
      list(APPEND names "${name}")
    endforeach()
  endif()
  set(${out_var} "${names}" PARENT_SCOPE)
endfunction()

# Help text as literal troff: backslashes escaped, no line read as a request.
function(aicn_troff out_var text)
  string(REPLACE "\\" "\\e" text "${text}")
  string(REGEX REPLACE "(^|\n)([.'])" "\\1\\\\&\\2" text "${text}")
  set(${out_var} ".nf\n${text}\n.fi\n" PARENT_SCOPE)
endfunction()

function(aicn_command_sections page_var)
  aicn_help(text ${ARGN})
  aicn_troff(body "${text}")
  string(JOIN " " command aicn ${ARGN})
  set(page "${${page_var}}.SS ${command}\n${body}")
  aicn_subcommands("${text}" names)
  foreach(name IN LISTS names)
    aicn_command_sections(page ${ARGN} ${name})
  endforeach()
  set(${page_var} "${page}" PARENT_SCOPE)
endfunction()

aicn_help(top)
aicn_troff(top_body "${top}")
aicn_subcommands("${top}" commands)
set(page ".TH AICN 1 \"\" \"aicn ${VERSION}\" \"User Commands\"
.SH NAME
aicn \\- simulate a national network of AI data centres (SimGrid)
.SH SYNOPSIS
.B aicn
.I COMMAND
[\\fIOPTIONS\\fR]
.SH DESCRIPTION
${top_body}.SH COMMANDS
Each section is the text of \\fBaicn COMMAND \\-\\-help\\fR.
")
foreach(command IN LISTS commands)
  aicn_command_sections(page ${command})
endforeach()
string(APPEND page ".SH FILES
.TP
.I share/doc/aicn
install.md and python.md: installing AICN, writing a policy out of tree, reading results in Python.
.TP
.I share/aicn/TEMPLATE.cpp
a dispatch policy to copy (build it with find_package(AICN) and aicn_add_policy_plugin).
.SH SEE ALSO
The README and docs/ of the AICN source tree.
")
file(WRITE "${OUT}" "${page}")
