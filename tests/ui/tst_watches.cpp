// The Watched folders page in the real window, offscreen, with a real engine: a watch added through the New
// watched folder dialog is written and watched; a file dropped into it becomes a job and the counts follow; pause,
// resume and remove (its question answered through the prompt seam) act on the selection; a watch written by
// another connection appears without a refresh; skipped files are listed with their reasons; and a job's details
// name the watched file it came from.

#include "UiTestSupport.h"

#include "AppSettings.h"
#include "JobTableView.h"
#include "MainWindow.h"
#include "actions/JobActions.h"
#include "dialogs/JobDetailsDialog.h"
#include "dialogs/WatchDialog.h"
#include "models/WatchRowsModel.h"
#include "pages/WatchesPage.h"
#include "watch/WatchCommands.h"
#include "watch/WatchService.h"

#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTreeWidget>
#include <QtTest>

using namespace jobdeck;
using namespace jobdeck::test;

namespace {

struct Fixture {
    EngineHarness harness;
    MainWindow window;
    WatchesPage *page = nullptr;
    QList<Confirmation> asked;
    bool answer = true;

    Fixture() : harness(1), window(*harness.engine)
    {
        AppSettings::forgetConfirmations();
        window.console().actions.setPrompt([this](const Confirmation &question) {
            asked << question;
            return ConfirmAnswer{answer, false};
        });
        window.resize(1400, 860);
        window.show();
        harness.engine->start();
        window.showPage(QStringLiteral("watches"));
        page = window.findChild<WatchesPage *>();
    }

    QAbstractItemModel &shown() { return *page->table()->model(); }

    QString cell(const QString &name, int column)
    {
        for (int row = 0; row < shown().rowCount(); ++row) {
            if (shown().index(row, WatchRowsModel::Name).data().toString() == name)
                return shown().index(row, column).data().toString();
        }
        return QStringLiteral("<absent>");
    }

    std::optional<WatchRecord> stored(const QString &name) { return harness.store->openWatchReader()->watch(name); }
};

// Writes through the engine, as the page does, and waits for the commit.
BatchResult submitAndWait(Engine &engine, WriteBatch batch)
{
    auto promise = std::make_shared<std::promise<BatchResult>>();
    std::future<BatchResult> future = promise->get_future();
    engine.submit(std::move(batch), [promise](const BatchResult &r) { promise->set_value(r); });
    return future.get();
}


} // namespace

class TestWatches : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void newWatchedFolderIsWrittenAndWatched();
    void theDialogSaysWhatIsWrong();
    void pauseResumeAndRemoveActOnTheSelection();
    void skippedFilesAreListedWithTheirReasons();
    void jobDetailsNameTheWatchedFile();
};

void TestWatches::newWatchedFolderIsWrittenAndWatched()
{
    Fixture f;
    QTemporaryDir folder;
    QTRY_VERIFY(f.page->model()->hasLoaded());
    QCOMPARE(f.shown().rowCount(), 0);
    auto *add = f.page->findChild<QAction *>(QStringLiteral("newWatchAction"));
    add->trigger();
    WatchDialog *dialog = nullptr;
    QTRY_VERIFY((dialog = f.page->findChild<WatchDialog *>()) != nullptr);
    dialog->findChild<QLineEdit *>(QStringLiteral("watchName"))->setText(QStringLiteral("reports"));
    dialog->findChild<QLineEdit *>(QStringLiteral("watchFolder"))->setText(folder.path());
    dialog->findChild<QLineEdit *>(QStringLiteral("watchPatterns"))->setText(QStringLiteral("*.csv, *.tsv"));
    auto *kind = dialog->findChild<QComboBox *>(QStringLiteral("watchKind"));
    kind->setCurrentIndex(kind->findText(QStringLiteral("noop")));
    dialog->findChild<QLineEdit *>(QStringLiteral("watchSettle"))->setText(QStringLiteral("100ms"));
    auto *after = dialog->findChild<QComboBox *>(QStringLiteral("watchAfter"));
    after->setCurrentIndex(after->findData(QStringLiteral("move-done")));
    QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("watchOk")), Qt::LeftButton);

    QTRY_COMPARE(f.cell(QStringLiteral("reports"), WatchRowsModel::State), QStringLiteral("Watching"));
    const auto stored = f.stored(QStringLiteral("reports"));
    QVERIFY(stored);
    QCOMPARE(stored->spec.patterns, (QStringList{QStringLiteral("*.csv"), QStringLiteral("*.tsv")}));
    QCOMPARE(stored->spec.settleMs, 100);
    QCOMPARE(stored->spec.after, AfterAction::MoveDone);
    QTRY_COMPARE(f.harness.engine->watchService()->watchCount(), 1);

    // A file dropped in becomes a job, runs, goes to done/, and the counts follow without a refresh.
    writeFile(folder.filePath(QStringLiteral("q3.csv")), "a,b\n");
    writeFile(folder.filePath(QStringLiteral("notes.txt")), "not matched");
    QTRY_COMPARE_WITH_TIMEOUT(f.cell(QStringLiteral("reports"), WatchRowsModel::Enqueued), QStringLiteral("1"), 10'000);
    QTRY_COMPARE_WITH_TIMEOUT(f.cell(QStringLiteral("reports"), WatchRowsModel::Done), QStringLiteral("1"), 10'000);
    QVERIFY(QFile::exists(folder.filePath(QStringLiteral("done/q3.csv"))));
    QVERIFY(QFile::exists(folder.filePath(QStringLiteral("notes.txt"))));
}

void TestWatches::theDialogSaysWhatIsWrong()
{
    Fixture f;
    WatchDialog *dialog = f.page->openNewWatchDialog();
    dialog->findChild<QLineEdit *>(QStringLiteral("watchName"))->setText(QStringLiteral("x"));
    dialog->findChild<QLineEdit *>(QStringLiteral("watchFolder"))->setText(QStringLiteral("/no/such/folder"));
    QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("watchOk")), Qt::LeftButton);
    auto *problem = dialog->findChild<QLabel *>(QStringLiteral("watchProblem"));
    QVERIFY(dialog->isVisible());
    QVERIFY(problem->isVisible());
    QVERIFY(problem->text().contains(QLatin1String("folder")));
    QTemporaryDir folder;
    dialog->findChild<QLineEdit *>(QStringLiteral("watchFolder"))->setText(folder.path());
    dialog->findChild<QLineEdit *>(QStringLiteral("watchSettle"))->setText(QStringLiteral("soon"));
    QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("watchOk")), Qt::LeftButton);
    QVERIFY(dialog->isVisible());
    QVERIFY(problem->text().contains(QLatin1String("settle")));
    dialog->findChild<QLineEdit *>(QStringLiteral("watchSettle"))->setText(QStringLiteral("1s"));
    dialog->findChild<QLineEdit *>(QStringLiteral("watchPayload"))->setText(QStringLiteral("[1, 2]"));
    QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("watchOk")), Qt::LeftButton);
    QVERIFY(dialog->isVisible());
    QVERIFY(problem->text().contains(QLatin1String("JSON object")));
    QVERIFY(!f.stored(QStringLiteral("x")));
}

void TestWatches::pauseResumeAndRemoveActOnTheSelection()
{
    Fixture f;
    QTemporaryDir a, b;
    WatchSpec spec;
    spec.job.kind = QStringLiteral("noop");
    spec.name = QStringLiteral("alpha");
    spec.dir = a.path();
    // Written by another store on the database, as another process would: the page hears of it as an external change.
    {
        auto other = SqliteStore::open(f.harness.path);
        QVERIFY(other->apply({*WatchCommands::save(spec, 1, false, nullptr)}).ok);
        spec.name = QStringLiteral("beta");
        spec.dir = b.path();
        QVERIFY(other->apply({*WatchCommands::save(spec, 1, false, nullptr)}).ok);
    }
    QTRY_COMPARE_WITH_TIMEOUT(f.shown().rowCount(), 2, 10'000);
    auto *pause = f.page->findChild<QAction *>(QStringLiteral("pauseWatchAction"));
    auto *resume = f.page->findChild<QAction *>(QStringLiteral("resumeWatchAction"));
    auto *remove = f.page->findChild<QAction *>(QStringLiteral("removeWatchAction"));
    QVERIFY(!pause->isEnabled());
    QVERIFY(f.page->selectWatch(QStringLiteral("alpha")));
    QVERIFY(pause->isEnabled());
    QVERIFY(!resume->isEnabled());
    QTest::mouseClick(f.page->findChild<QWidget *>(QStringLiteral("pauseWatchActionButton")), Qt::LeftButton);
    QTRY_COMPARE(f.cell(QStringLiteral("alpha"), WatchRowsModel::State), QStringLiteral("Paused"));
    QVERIFY(f.stored(QStringLiteral("alpha"))->paused);
    QCOMPARE(f.cell(QStringLiteral("beta"), WatchRowsModel::State), QStringLiteral("Watching"));
    QTRY_VERIFY(resume->isEnabled());
    resume->trigger();
    QTRY_COMPARE(f.cell(QStringLiteral("alpha"), WatchRowsModel::State), QStringLiteral("Watching"));

    f.answer = false;
    remove->trigger();
    QCOMPARE(f.asked.size(), 1);
    QCOMPARE(f.asked.front().kind, ConfirmKind::DeleteWatch);
    QVERIFY(f.stored(QStringLiteral("alpha")));
    f.answer = true;
    remove->trigger();
    QTRY_COMPARE(f.shown().rowCount(), 1);
    QVERIFY(!f.stored(QStringLiteral("alpha")));
    QCOMPARE(f.cell(QStringLiteral("beta"), WatchRowsModel::Name), QStringLiteral("beta"));
}

void TestWatches::skippedFilesAreListedWithTheirReasons()
{
    Fixture f;
    QTemporaryDir folder;
    WatchSpec spec;
    spec.name = QStringLiteral("small only");
    spec.dir = folder.path();
    spec.job.kind = QStringLiteral("noop");
    spec.settleMs = 0;
    spec.maxSize = 10;
    writeFile(folder.filePath(QStringLiteral("big.bin")), QByteArray(100, 'x'));
    QVERIFY(submitAndWait(*f.harness.engine, {*WatchCommands::save(spec, 1, false, nullptr)}).ok);
    QTRY_COMPARE_WITH_TIMEOUT(f.cell(QStringLiteral("small only"), WatchRowsModel::Skipped), QStringLiteral("1"), 10'000);
    QVERIFY(f.page->selectWatch(QStringLiteral("small only")));
    QTRY_COMPARE(f.page->skips()->topLevelItemCount(), 1);
    QCOMPARE(f.page->skips()->topLevelItem(0)->text(0), QStringLiteral("big.bin"));
    QCOMPARE(f.page->skips()->topLevelItem(0)->text(1), skipReasonText(QStringLiteral("too-large")));
}

void TestWatches::jobDetailsNameTheWatchedFile()
{
    Fixture f;
    QTemporaryDir folder;
    WatchSpec spec;
    spec.name = QStringLiteral("inbox");
    spec.dir = folder.path();
    spec.job.kind = QStringLiteral("noop");
    spec.settleMs = 0;
    spec.after = AfterAction::MoveDone;
    writeFile(folder.filePath(QStringLiteral("letter.txt")), "dear reader");
    QVERIFY(submitAndWait(*f.harness.engine, {*WatchCommands::save(spec, 1, false, nullptr)}).ok);
    QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(folder.filePath(QStringLiteral("done/letter.txt"))), 10'000);
    QTRY_COMPARE_WITH_TIMEOUT(f.cell(QStringLiteral("inbox"), WatchRowsModel::Done), QStringLiteral("1"), 10'000);
    const auto files = f.harness.store->openWatchReader()->filesAt(folder.filePath(QStringLiteral("letter.txt")), 1);
    QCOMPARE(files.size(), size_t(1));
    f.window.console().actions.showDetails(files.front().jobId);
    JobDetailsDialog *details = nullptr;
    QTRY_VERIFY((details = f.window.findChild<JobDetailsDialog *>()) != nullptr);
    QTRY_VERIFY(details->job().has_value());
    const QString facts = details->facts()->text();
    QVERIFY2(facts.contains(QLatin1String("watched folder inbox")), qPrintable(facts));
    QVERIFY2(facts.contains(QLatin1String("moved to done/")), qPrintable(facts));
    // The input links to where the file is now.
    QVERIFY2(facts.contains(QUrl::fromLocalFile(folder.filePath(QStringLiteral("done/letter.txt"))).toString(QUrl::FullyEncoded)),
             qPrintable(facts));
}

QTEST_MAIN(TestWatches)
#include "tst_watches.moc"
