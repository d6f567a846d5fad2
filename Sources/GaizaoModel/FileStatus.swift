import Foundation

/// What became of a received file (`files.status`).
public enum FileStatus: String, Codable, Sendable {
    /// Being loaded; left behind only by a killed run.
    case loading
    case loaded
    /// Refused as a whole (structural error); its issues say why.
    case rejected
    /// A byte-identical copy of a file already received this month.
    case duplicate
    /// Byte-identical to the unit's file of an earlier month: a snapshot with no change. Counts as submitted.
    case unchanged

    public var chinese: String {
        switch self {
        case .loading: return "载入中断"
        case .loaded: return "已载入"
        case .rejected: return "整体退回"
        case .duplicate: return "重复文件"
        case .unchanged: return "与上次相同"
        }
    }

    /// The unit sent its data for the month (possibly unchanged).
    public var countsAsSubmitted: Bool { self == .loaded || self == .unchanged }
}
