// startup.cpp: the vector table and reset handler of a constformer firmware image, for any
// Cortex-M (M0 and M4F tested). Part of the firmware support installed in
// share/constformer/firmware/platform/ and added to an image by constformer_firmware_platform().
// The reset handler enables the FPU when the image is built for one, copies .data from
// flash, zeroes .bss, runs the static constructors, calls main and ends QEMU with main's
// return value (semihosting). A fault prints "HardFault" and exits with status 3.
#include <cstdint>  // std::uint32_t

#include "semihosting.hpp"

extern "C" {
// From the linker script (sections.ld).
extern std::uint32_t __data_start[], __data_end[], __data_load[], __bss_start[], __bss_end[];
extern std::uint32_t __stack_top[];
extern void (*__init_array_start[])();
extern void (*__init_array_end[])();

[[noreturn]] void Reset_Handler() noexcept;
[[noreturn]] void Fault_Handler() noexcept;
}

// main() itself, under another name: ISO C++ forbids calling main.
extern "C" int application_main() asm("main");

namespace {
using handler = void (*)();
}

// 16 system exceptions; no interrupts.
extern "C" [[gnu::section(".vectors"), gnu::used]] const handler vector_table[16] = {
    reinterpret_cast<handler>(__stack_top),
    Reset_Handler,
    Fault_Handler,  // NMI
    Fault_Handler,  // HardFault
    Fault_Handler,  // MemManage
    Fault_Handler,  // BusFault
    Fault_Handler,  // UsageFault
    nullptr,
    nullptr,
    nullptr,
    nullptr,
    Fault_Handler,  // SVCall
    Fault_Handler,  // DebugMonitor
    nullptr,
    Fault_Handler,  // PendSV
    Fault_Handler,  // SysTick
};

extern "C" void Reset_Handler() noexcept {
#if defined(__ARM_FP)
  // CPACR: full access to coprocessors 10 and 11 (the FPU), before any float instruction.
  *reinterpret_cast<volatile std::uint32_t*>(0xE000ED88u) |= 0xFu << 20;
  asm volatile("dsb\n\tisb" ::: "memory");
#endif
  for (std::uint32_t *src = __data_load, *dst = __data_start; dst < __data_end;) *dst++ = *src++;
  for (std::uint32_t* dst = __bss_start; dst < __bss_end;) *dst++ = 0;
  for (void (**f)() = __init_array_start; f < __init_array_end; ++f) (*f)();
  fw::semihosting::exit(application_main());
}

extern "C" void Fault_Handler() noexcept {
  fw::semihosting::write0("HardFault\n");
  fw::semihosting::exit(3);
}
