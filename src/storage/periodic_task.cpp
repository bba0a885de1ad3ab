#include "storage/periodic_task.hpp"

#include <pthread.h>

namespace fapid::storage {

PeriodicTask::PeriodicTask(std::string name, std::chrono::milliseconds interval, std::function<void()> job)
    : name_(std::move(name)), interval_(interval), job_(std::move(job)), thread_([this] { loop(); }) {}

PeriodicTask::~PeriodicTask() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void PeriodicTask::loop() {
  pthread_setname_np(pthread_self(), name_.substr(0, 15).c_str());  // shows in top -H and gdb
  std::unique_lock lock(mutex_);
  while (!wake_.wait_for(lock, interval_, [this] { return stopping_; })) {
    lock.unlock();
    job_();
    lock.lock();
  }
}

}  // namespace fapid::storage
