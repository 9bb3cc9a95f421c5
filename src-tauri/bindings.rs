//! TypeScript types for everything that crosses IPC, generated from the Rust types into
//! ui/src/lib/bindings.ts. A test fails when the committed file is stale; run
//! `UPDATE_SNAPSHOTS=1 cargo test -p readerdesk bindings` to regenerate it.
use readerdesk_core::backups::{BackupInfo, RestoreSummary, Rotation};
use readerdesk_core::charts::source::ChartRequest;
use readerdesk_core::export::{ExportFormat, ExportSource, ExportSummary};
use readerdesk_core::fundraising::campaigns::{CampaignInput, CampaignSummary, UnconvertedMoney};
use readerdesk_core::fundraising::donations::{
    CurrencyTotals, DonationImportSummary, DonationOptions, DonationPreview, DonationProgress,
    PreviewRow,
};
use readerdesk_core::fundraising::import::{
    ColumnMapping, Converted, CurrencyColumn, DateOrder, DateOrderStatus, DonationRecord,
    DonorRecord, Format as DonationFormat,
};
use readerdesk_core::fundraising::ledger::{
    DonationChange, LedgerEntry, LedgerPage, LedgerQuery, ManualDonation,
};
use readerdesk_core::fundraising::metrics::{
    CampaignMetrics, Figure, MetricsQuery, Projection, Ratio, TopDonor,
};
use readerdesk_core::fundraising::rates::{ExchangeRate, RatesImportSummary};
use readerdesk_core::import::comments::{
    CommentFormat, ImportProgress, ImportRecord, ImportSummary,
};
use readerdesk_core::model::{
    Action, Basis, CommentKind, DonationKind, Queue, Role, Sort, Status, StatusCounts, Trust,
};
use readerdesk_core::moderation::articles::ArticleSummary;
use readerdesk_core::moderation::audit::{AuditEntry, AuditExport, AuditPage, AuditQuery};
use readerdesk_core::moderation::authors::{AuthorComments, Dossier};
use readerdesk_core::moderation::autohold::{
    ClassifierQuality, HoldSettings, RerunSummary, RulesView,
};
use readerdesk_core::moderation::decisions::{Decision, Outcome};
use readerdesk_core::moderation::moderators::Moderator;
use readerdesk_core::moderation::queue::{
    CommentCard, Cursor, FlagView, QueueCounts, QueueFilter, QueueItem, QueuePage, Reason,
    ReasonCount,
};
use readerdesk_core::moderation::reasons::CannedReasons;
use readerdesk_core::moderation::search::SearchPage;
use readerdesk_core::moderation::thread::{ArticleThread, CommentThread, ThreadComment};
use readerdesk_core::newsroom::{Setup, Stats};
use readerdesk_core::sites::{
    CommentSyncState, OutboxView, Settle, SiteCheck, SiteView, SyncError, SyncOverview,
    SyncProgress, SyncReport,
};
use readerdesk_core::skip::Skip;
use ts_rs::{Config, TS};

use crate::commands::app::{AppStatus, PrivacyView, SetupChoice};
use crate::drops::DropNotice;
use crate::error::CommandError;
use readerdesk_core::privacy::PrivacySettings;

pub const PATH: &str = "ui/src/lib/bindings.ts";

pub fn typescript() -> String {
    // Money and counts are i64 in Rust; serde_json writes them as JSON numbers, which stay
    // exact in JavaScript up to 2^53 (90 trillion dollars in cents).
    let cfg = Config::new().with_large_int("number");
    let decls = [
        CommandError::decl(&cfg),
        DropNotice::decl(&cfg),
        ExportFormat::decl(&cfg),
        ExportSource::decl(&cfg),
        ExportSummary::decl(&cfg),
        AppStatus::decl(&cfg),
        PrivacySettings::decl(&cfg),
        PrivacyView::decl(&cfg),
        readerdesk_core::erasure::ErasureSummary::decl(&cfg),
        readerdesk_core::person::PersonExportSummary::decl(&cfg),
        Setup::decl(&cfg),
        SetupChoice::decl(&cfg),
        Stats::decl(&cfg),
        StatusCounts::decl(&cfg),
        CampaignSummary::decl(&cfg),
        CampaignInput::decl(&cfg),
        DonationChange::decl(&cfg),
        LedgerEntry::decl(&cfg),
        LedgerPage::decl(&cfg),
        LedgerQuery::decl(&cfg),
        ManualDonation::decl(&cfg),
        CampaignMetrics::decl(&cfg),
        Figure::decl(&cfg),
        MetricsQuery::decl(&cfg),
        Projection::decl(&cfg),
        Ratio::decl(&cfg),
        TopDonor::decl(&cfg),
        ExchangeRate::decl(&cfg),
        RatesImportSummary::decl(&cfg),
        ChartRequest::decl(&cfg),
        ClassifierQuality::decl(&cfg),
        HoldSettings::decl(&cfg),
        RerunSummary::decl(&cfg),
        RulesView::decl(&cfg),
        CurrencyTotals::decl(&cfg),
        DonationImportSummary::decl(&cfg),
        DonationOptions::decl(&cfg),
        DonationPreview::decl(&cfg),
        PreviewRow::decl(&cfg),
        DonationProgress::decl(&cfg),
        ColumnMapping::decl(&cfg),
        Converted::decl(&cfg),
        CurrencyColumn::decl(&cfg),
        DateOrder::decl(&cfg),
        DateOrderStatus::decl(&cfg),
        DonationRecord::decl(&cfg),
        DonorRecord::decl(&cfg),
        DonationFormat::decl(&cfg),
        DonationKind::decl(&cfg),
        UnconvertedMoney::decl(&cfg),
        Basis::decl(&cfg),
        ArticleSummary::decl(&cfg),
        ArticleThread::decl(&cfg),
        ThreadComment::decl(&cfg),
        CommentKind::decl(&cfg),
        Status::decl(&cfg),
        Moderator::decl(&cfg),
        Role::decl(&cfg),
        Queue::decl(&cfg),
        Sort::decl(&cfg),
        Trust::decl(&cfg),
        Action::decl(&cfg),
        QueueCounts::decl(&cfg),
        QueueFilter::decl(&cfg),
        Cursor::decl(&cfg),
        Reason::decl(&cfg),
        QueueItem::decl(&cfg),
        QueuePage::decl(&cfg),
        ReasonCount::decl(&cfg),
        FlagView::decl(&cfg),
        CommentCard::decl(&cfg),
        CommentThread::decl(&cfg),
        Decision::decl(&cfg),
        Outcome::decl(&cfg),
        SearchPage::decl(&cfg),
        Dossier::decl(&cfg),
        AuthorComments::decl(&cfg),
        CannedReasons::decl(&cfg),
        AuditQuery::decl(&cfg),
        AuditEntry::decl(&cfg),
        AuditPage::decl(&cfg),
        AuditExport::decl(&cfg),
        CommentFormat::decl(&cfg),
        ImportProgress::decl(&cfg),
        ImportSummary::decl(&cfg),
        ImportRecord::decl(&cfg),
        Skip::decl(&cfg),
        SiteCheck::decl(&cfg),
        SiteView::decl(&cfg),
        SyncProgress::decl(&cfg),
        SyncError::decl(&cfg),
        SyncReport::decl(&cfg),
        Settle::decl(&cfg),
        CommentSyncState::decl(&cfg),
        OutboxView::decl(&cfg),
        SyncOverview::decl(&cfg),
        BackupInfo::decl(&cfg),
        RestoreSummary::decl(&cfg),
        Rotation::decl(&cfg),
    ];
    let mut out = String::from(
        "// Generated from the Rust types by src-tauri/bindings.rs. Do not edit by hand:\n\
         // run `UPDATE_SNAPSHOTS=1 cargo test -p readerdesk bindings` after changing a type.\n\n",
    );
    for decl in decls {
        out.push_str("export ");
        out.push_str(&decl);
        out.push_str("\n\n");
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn bindings_ts_is_up_to_date() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(super::PATH);
        let fresh = super::typescript();
        if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
            std::fs::write(&path, &fresh).expect("write bindings");
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == fresh,
            "{} is stale: run `UPDATE_SNAPSHOTS=1 cargo test -p readerdesk bindings` and commit it",
            path.display()
        );
    }
}
