import Foundation
import GaizaoModel
import GaizaoStore

/// `gaizao status`: for every expected unit and template of a month, whether it was submitted on time,
/// late, refused, or not at all, with the files and when they arrived.
public struct SubmissionStatus {
    public enum State: String, Sendable {
        case onTime, late, rejected, missing

        public var chinese: String {
            switch self {
            case .onTime: return "按时"
            case .late: return "逾期"
            case .rejected: return "退回"
            case .missing: return "未报"
            }
        }
    }

    public struct Line: Sendable {
        public var unit: GaizaoModel.Unit
        public var template: Template
        public var state: State
        public var files: [(name: String, receivedAt: String)]
    }

    public var pipeline: Pipeline
    public var period: Period

    public init(pipeline: Pipeline, period: Period) {
        self.pipeline = pipeline
        self.period = period
    }

    public func read(warehouse: Warehouse) throws -> (deadline: String, lines: [Line]) {
        let files = try warehouse.files(pipeline: pipeline.id, period: period)
        let due = pipeline.deadline(for: period)
        var lines: [Line] = []
        for template in pipeline.templates {
            for unit in pipeline.submitters(of: template) {
                let mine = files.filter { $0.template == template.id && $0.unit == unit.code }
                let sent = mine.filter(\.status.countsAsSubmitted)
                let state: State = sent.isEmpty ? (mine.isEmpty ? .missing : .rejected)
                    : sent.contains { $0.received_at < due } ? .onTime : .late
                lines.append(Line(unit: unit, template: template, state: state,
                                  files: mine.map { ($0.name, pipeline.clock.minute($0.received_at)) }))
            }
        }
        return (pipeline.deadlineText(for: period), lines)
    }
}
