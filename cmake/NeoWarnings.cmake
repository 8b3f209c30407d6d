# Warning flags shared by every neo target: neo_set_warnings(<target>).
function(neo_set_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wno-unused-parameter)
endfunction()
