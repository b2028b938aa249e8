import Foundation

/// CPU time this process has used, user and system, in seconds (`getrusage`; not its children's, such as wrk).
enum ProcessCPU {
    static func seconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return [usage.ru_utime, usage.ru_stime].reduce(0) { $0 + Double($1.tv_sec) + Double($1.tv_usec) / 1e6 }
    }
}

/// The machine's CPU time counters (`/proc/stat`, in ticks): how much of it all CPUs spent, and how much a
/// hypervisor took for other guests ("steal").
struct MachineTime {
    var total: Double
    var steal: Double

    /// The counters now (zero where `/proc/stat` cannot be read).
    static func now() -> MachineTime {
        let text = (try? String(contentsOfFile: "/proc/stat", encoding: .utf8)) ?? ""
        let fields = (text.split(separator: "\n").first ?? "").split(separator: " ").dropFirst().compactMap { Double($0) }
        // user nice system idle iowait irq softirq steal …
        return MachineTime(total: fields.prefix(8).reduce(0, +), steal: fields.count > 7 ? fields[7] : 0)
    }

    /// What was counted between `earlier` and this.
    func since(_ earlier: MachineTime) -> MachineTime {
        MachineTime(total: total - earlier.total, steal: steal - earlier.steal)
    }

    /// The share of the time stolen (0 when nothing was counted).
    var stealShare: Double { total > 0 ? steal / total : 0 }
}
