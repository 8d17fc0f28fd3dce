// semihosting.hpp: the two Arm semihosting calls a constformer firmware image uses (SYS_WRITE0
// to print, SYS_EXIT_EXTENDED to end QEMU with a status). Part of the firmware support
// installed in share/constformer/firmware/platform/, on the include path of every image that
// constformer_firmware_platform() sets up. A semihosting call is `bkpt 0xAB` with the
// operation in r0 and its argument in r1; QEMU serves it when started with
// `-semihosting-config enable=on,target=native`. Without a debugger or QEMU attached, the
// breakpoint faults: these images are for QEMU.
#ifndef CONSTFORMER_FIRMWARE_SEMIHOSTING_HPP
#define CONSTFORMER_FIRMWARE_SEMIHOSTING_HPP

#include <cstdint>  // std::uint32_t

namespace fw::semihosting {

inline constexpr std::uint32_t sys_write0 = 0x04;
inline constexpr std::uint32_t sys_exit_extended = 0x20;
inline constexpr std::uint32_t adp_stopped_application_exit = 0x20026;

//! One semihosting call: operation `op`, argument (a pointer or a value) `arg`.
inline std::uint32_t call(std::uint32_t op, const void* arg) noexcept {
  register std::uint32_t r0 asm("r0") = op;
  register const void* r1 asm("r1") = arg;
  asm volatile("bkpt 0xAB" : "+r"(r0) : "r"(r1) : "memory");
  return r0;
}

//! Writes the NUL-terminated string `s` to the host's stdout.
inline void write0(const char* s) noexcept { call(sys_write0, s); }

//! Ends the program: QEMU exits with `status`.
[[noreturn]] inline void exit(int status) noexcept {
  const std::uint32_t block[2] = {adp_stopped_application_exit, static_cast<std::uint32_t>(status)};
  call(sys_exit_extended, block);
  for (;;) {
  }
}

}  // namespace fw::semihosting

#endif  // CONSTFORMER_FIRMWARE_SEMIHOSTING_HPP
