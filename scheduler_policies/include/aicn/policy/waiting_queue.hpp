#pragma once
/// @file waiting_queue.hpp
/// A pool's local queue (or its inbound list) as policies see it: contiguous, in arrival
/// order, readable as a std::span, with O(1) removal at the head.
///
/// Why not std::vector: a FIFO queue starts its head job and erases it, and erasing the
/// first element of a vector moves all the others; with 60,000 jobs queued at a site that
/// memmove was a quarter of a run's time. Why not std::deque: policies and queue
/// disciplines read the queue as a span (contiguous) and by index.
///
/// Storage is a vector with a head offset: removing element i shifts whichever side of it
/// is shorter (the head side just advances the offset), and the dead prefix is dropped once
/// it is at least half of the storage, so every removal costs O(min(i, size - i)) amortised
/// and removing the head costs O(1) amortised.
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <span>
#include <vector>

namespace aicn::policy {

template <typename Entry>
class HeadQueue {
 public:
  using value_type = Entry;
  using const_iterator = const Entry*;
  using iterator = const_iterator;  ///< read-only: entries change only through the methods below

  HeadQueue() = default;
  HeadQueue(std::initializer_list<Entry> entries) : items_(entries) {}

  std::size_t size() const { return items_.size() - head_; }
  bool empty() const { return size() == 0; }
  const Entry& operator[](std::size_t i) const { return items_[head_ + i]; }
  const Entry& front() const { return items_[head_]; }
  const Entry& back() const { return items_.back(); }
  const_iterator begin() const { return items_.data() + head_; }
  const_iterator end() const { return items_.data() + items_.size(); }
  std::span<const Entry> span() const { return {begin(), size()}; }
  operator std::span<const Entry>() const { return span(); }  // NOLINT: a queue reads as a span

  void push_back(const Entry& entry) { items_.push_back(entry); }
  void clear() {
    items_.clear();
    head_ = 0;
  }
  /// Removes the entry at index i (0 = head).
  void erase_at(std::size_t i) {
    const std::size_t at = head_ + i;
    if (i < size() / 2) {
      // Shift the shorter head side one place towards the back and drop the first slot.
      for (std::size_t k = at; k > head_; --k) items_[k] = items_[k - 1];
      ++head_;
      compact_if_mostly_dead();
    } else {
      items_.erase(items_.begin() + static_cast<std::ptrdiff_t>(at));
    }
  }
  /// Removes the first entry whose id is `id`; false when there is none.
  bool erase_id(std::uint64_t id) {
    for (std::size_t i = 0; i < size(); ++i) {
      if ((*this)[i].id == id) {
        erase_at(i);
        return true;
      }
    }
    return false;
  }

  friend bool operator==(const HeadQueue& a, const HeadQueue& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
      if (!(a[i] == b[i])) return false;
    return true;
  }

 private:
  void compact_if_mostly_dead() {
    // Dropping the dead prefix moves size() entries; it happens only after at least as many
    // head removals, so the cost per removal stays O(1) amortised.
    if (head_ >= 64 && head_ * 2 >= items_.size()) {
      items_.erase(items_.begin(), items_.begin() + static_cast<std::ptrdiff_t>(head_));
      head_ = 0;
    }
  }

  std::vector<Entry> items_;
  std::size_t head_ = 0;
};

}  // namespace aicn::policy
