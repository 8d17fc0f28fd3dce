# gpl3_char_headers(<target> [C])
# Generates, at build time, the headers through which <target> reads the character GPT of
# models/gpl3_char, into <binary dir>/gpl3_char_generated/ (on <target>'s include path):
#   gpl3_char_reference.hpp  the configuration, vocabulary, prompts and PyTorch's greedy
#                            continuations (tools/generation_reference_to_header.py, from
#                            reference.json; it checks them against the safetensors __metadata__)
#   gpl3_char_weights.hpp    cf_weights::gpl3_char, the constexpr model
#                            (tools/safetensors_to_header.py, from model.f32.safetensors)
#   gpl3_char_weights.h      with C: the same weights as C arrays (tools/safetensors_to_c.py),
#                            for the plain C baseline of bench/plain_c
# Needs Python3::Interpreter. Used by examples/gpl3_char, examples/firmware and bench/plain_c.
set(CONSTFORMER_GPL3_ROOT ${CMAKE_CURRENT_LIST_DIR}/../.. CACHE INTERNAL "")
function(gpl3_char_headers target)
  cmake_parse_arguments(ARG "C" "" "" ${ARGN})
  get_filename_component(root ${CONSTFORMER_GPL3_ROOT} ABSOLUTE)
  set(model ${root}/models/gpl3_char)
  set(tools ${root}/tools)
  set(dir ${CMAKE_CURRENT_BINARY_DIR}/gpl3_char_generated)
  set(model_type "constformer::gpt_model<float, gpl3_char_reference::config>")
  get_property(done DIRECTORY PROPERTY CONSTFORMER_GPL3_RULES)
  if(NOT done)  # one set of rules per directory, shared by its targets
    file(MAKE_DIRECTORY ${dir})
    add_custom_command(OUTPUT ${dir}/gpl3_char_reference.hpp
      COMMAND Python3::Interpreter ${tools}/generation_reference_to_header.py ${model}/reference.json
              --weights ${model}/model.f32.safetensors --namespace gpl3_char_reference
              -o ${dir}/gpl3_char_reference.hpp
      DEPENDS ${tools}/generation_reference_to_header.py ${tools}/safetensors_to_header.py
              ${model}/reference.json ${model}/model.f32.safetensors
      COMMENT "Generating gpl3_char_reference.hpp from reference.json"
      VERBATIM)
    add_custom_command(OUTPUT ${dir}/gpl3_char_weights.hpp
      COMMAND Python3::Interpreter ${tools}/safetensors_to_header.py ${model}/model.f32.safetensors
              --type ${model_type} --name gpl3_char --namespace cf_weights
              --include constformer/model/gpt.hpp --include gpl3_char_reference.hpp -o ${dir}/gpl3_char_weights.hpp
      DEPENDS ${tools}/safetensors_to_header.py ${model}/model.f32.safetensors
      COMMENT "Generating gpl3_char_weights.hpp from model.f32.safetensors"
      VERBATIM)
    add_custom_command(OUTPUT ${dir}/gpl3_char_weights.h
      COMMAND Python3::Interpreter ${tools}/safetensors_to_c.py ${model}/model.f32.safetensors
              --prefix gpl3_char -o ${dir}/gpl3_char_weights.h
      DEPENDS ${tools}/safetensors_to_c.py ${tools}/safetensors_to_header.py ${model}/model.f32.safetensors
      COMMENT "Generating gpl3_char_weights.h (C) from model.f32.safetensors"
      VERBATIM)
    set_property(DIRECTORY PROPERTY CONSTFORMER_GPL3_RULES ON)
  endif()
  if(ARG_C)
    target_sources(${target} PRIVATE ${dir}/gpl3_char_weights.h)
  else()
    target_sources(${target} PRIVATE ${dir}/gpl3_char_reference.hpp ${dir}/gpl3_char_weights.hpp)
  endif()
  target_include_directories(${target} PRIVATE ${dir})
endfunction()
