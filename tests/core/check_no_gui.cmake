# Fails when the executable EXE (a core test, linked only against jobdeck_core and QtTest) loads QtGui or QtWidgets.
# Run as: cmake -DEXE=<path> -P check_no_gui.cmake
if(NOT EXE OR NOT EXISTS "${EXE}")
  message(FATAL_ERROR "check_no_gui: EXE is not set or does not exist: '${EXE}'")
endif()

find_program(LDD ldd)
if(NOT LDD)
  message(FATAL_ERROR "check_no_gui: ldd not found")
endif()

execute_process(COMMAND ${LDD} "${EXE}" OUTPUT_VARIABLE libraries ERROR_VARIABLE errors RESULT_VARIABLE result)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "check_no_gui: ldd ${EXE} failed (${result}): ${errors}")
endif()
# A sanity check that this is the list we think it is: the core needs QtCore and QtSql.
foreach(needed Qt6Core Qt6Sql)
  if(NOT libraries MATCHES "lib${needed}")
    message(FATAL_ERROR "check_no_gui: lib${needed} not among the libraries of ${EXE}:\n${libraries}")
  endif()
endforeach()
foreach(forbidden Qt6Gui Qt6Widgets Qt6OpenGL)
  if(libraries MATCHES "lib${forbidden}")
    message(FATAL_ERROR "check_no_gui: ${EXE} loads lib${forbidden}; jobdeck_core must not depend on it:\n${libraries}")
  endif()
endforeach()
message(STATUS "check_no_gui: ${EXE} loads no QtGui/QtWidgets")
