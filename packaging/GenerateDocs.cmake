# Writes the manual page (gzipped, as Debian installs it) and the bash completion with the jobdeck just built, from
# the same command parsers as its --help. Run by the jobdeck_docs target: cmake -DJOBDECK=... -DOUT=... -P this.
execute_process(COMMAND "${JOBDECK}" help --man OUTPUT_FILE "${OUT}/jobdeck.1" RESULT_VARIABLE man_result)
execute_process(COMMAND "${JOBDECK}" help --completion bash OUTPUT_FILE "${OUT}/jobdeck.bash" RESULT_VARIABLE bash_result)
if(NOT man_result EQUAL 0 OR NOT bash_result EQUAL 0)
  message(FATAL_ERROR "jobdeck help failed: ${man_result} ${bash_result}")
endif()
execute_process(COMMAND gzip -9nf "${OUT}/jobdeck.1" RESULT_VARIABLE gzip_result)
if(NOT gzip_result EQUAL 0)
  message(FATAL_ERROR "gzip failed: ${gzip_result}")
endif()
