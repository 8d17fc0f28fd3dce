// constformer/io/detail/mapped_file.hpp (hosted only, internal): a whole file, read-only, as
// bytes: memory-mapped on POSIX systems (no copy; pages are read on first touch and can be
// given back with release()), read into one buffer elsewhere.
#ifndef CONSTFORMER_IO_DETAIL_MAPPED_FILE_HPP
#define CONSTFORMER_IO_DETAIL_MAPPED_FILE_HPP

#include "constformer/config.hpp"
#if !CONSTFORMER_HOSTED
#error "constformer/io/detail/mapped_file.hpp needs a hosted standard library"
#endif

#include <cerrno>       // errno
#include <cstddef>      // std::size_t
#include <cstdint>      // std::uint64_t, std::uintptr_t
#include <cstring>      // std::strerror
#include <fstream>      // std::ifstream (fallback)
#include <string>       // std::string
#include <string_view>  // std::string_view
#include <utility>      // std::exchange
#include <vector>       // std::vector (fallback)

#include "constformer/io/detail/text.hpp"  // cat

#if defined(__has_include)
#if __has_include(<sys/mman.h>) && __has_include(<sys/stat.h>) && __has_include(<fcntl.h>) && __has_include(<unistd.h>)
#include <fcntl.h>     // open
#include <sys/mman.h>  // mmap, munmap, madvise
#include <sys/stat.h>  // fstat
#include <unistd.h>    // close
#define CONSTFORMER_IO_MMAP 1
#endif
#endif
#ifndef CONSTFORMER_IO_MMAP
#define CONSTFORMER_IO_MMAP 0
#endif

namespace constformer::io::detail {

class mapped_file {
 public:
  mapped_file() = default;
  mapped_file(const mapped_file&) = delete;
  mapped_file& operator=(const mapped_file&) = delete;
  mapped_file(mapped_file&& o) noexcept
      : data_(std::exchange(o.data_, nullptr)), size_(std::exchange(o.size_, 0)), mapped_(std::exchange(o.mapped_, false)),
        buffer_(std::move(o.buffer_)) {
    if (!mapped_ && size_) data_ = buffer_.data();
  }
  mapped_file& operator=(mapped_file&& o) noexcept {
    if (this != &o) {
      unmap();
      data_ = std::exchange(o.data_, nullptr);
      size_ = std::exchange(o.size_, 0);
      mapped_ = std::exchange(o.mapped_, false);
      buffer_ = std::move(o.buffer_);
      if (!mapped_ && size_) data_ = buffer_.data();
    }
    return *this;
  }
  ~mapped_file() { unmap(); }

  // Opens `path`; returns an empty string, or why not ("cannot open: No such file ...").
  // Files larger than `max_size` bytes are refused before anything is read.
  std::string open(const std::string& path, std::uint64_t max_size) {
    unmap();
#if CONSTFORMER_IO_MMAP
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return std::string("cannot open the file: ") + std::strerror(errno);
    struct stat st {};
    std::string err;
    if (::fstat(fd, &st) != 0) {
      err = std::string("cannot stat the file: ") + std::strerror(errno);
    } else if (!S_ISREG(st.st_mode)) {
      err = "not a regular file";
    } else if (static_cast<std::uint64_t>(st.st_size) > max_size) {
      err = cat("the file is ", std::to_string(st.st_size), " bytes, more than the limit of ", std::to_string(max_size), " bytes");
    } else if (st.st_size > 0) {
      void* p = ::mmap(nullptr, static_cast<std::size_t>(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
      if (p == MAP_FAILED) {
        err = std::string("cannot map the file: ") + std::strerror(errno);
      } else {
        data_ = static_cast<const char*>(p);
        size_ = static_cast<std::size_t>(st.st_size);
        mapped_ = true;
      }
    }
    ::close(fd);
    return err;
#else
    std::ifstream in(path, std::ios::binary | std::ios::ate);
    if (!in) return "cannot open the file";
    const std::streamoff n = in.tellg();
    if (n < 0) return "cannot read the file";
    if (static_cast<std::uint64_t>(n) > max_size)
      return cat("the file is ", std::to_string(n), " bytes, more than the limit of ", std::to_string(max_size), " bytes");
    buffer_.resize(static_cast<std::size_t>(n));
    in.seekg(0);
    if (n > 0 && !in.read(buffer_.data(), n)) return "cannot read the file";
    data_ = buffer_.data();
    size_ = buffer_.size();
    return {};
#endif
  }

  std::string_view bytes() const noexcept { return {data_ ? data_ : "", size_}; }

  // Gives back the whole pages inside [offset, offset + n) (mapped files only): the next read
  // of them goes back to the file, so nothing changes but the memory held.
  void release(std::size_t offset, std::size_t n) const noexcept {
#if CONSTFORMER_IO_MMAP
    if (!mapped_ || n == 0 || offset >= size_) return;
    const long page_size = ::sysconf(_SC_PAGESIZE);
    if (page_size <= 0) return;
    const auto page = static_cast<std::uintptr_t>(page_size);
    const auto begin = reinterpret_cast<std::uintptr_t>(data_) + offset;
    const auto end = begin + (n < size_ - offset ? n : size_ - offset);
    const std::uintptr_t first = (begin + page - 1) / page * page, last = end / page * page;
    if (first < last) ::madvise(reinterpret_cast<void*>(first), last - first, MADV_DONTNEED);
#else
    (void)offset;
    (void)n;
#endif
  }

 private:
  const char* data_ = nullptr;
  std::size_t size_ = 0;
  bool mapped_ = false;
  std::vector<char> buffer_;

  void unmap() noexcept {
#if CONSTFORMER_IO_MMAP
    if (mapped_) ::munmap(const_cast<char*>(data_), size_);
#endif
    data_ = nullptr;
    size_ = 0;
    mapped_ = false;
    buffer_.clear();
  }
};

}  // namespace constformer::io::detail

#endif  // CONSTFORMER_IO_DETAIL_MAPPED_FILE_HPP
