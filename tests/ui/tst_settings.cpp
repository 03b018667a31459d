// The window's settings and what it remembers: the Settings dialog applies workers and retention to the runner and
// keeps the rest for later sessions; closing the window with "keep running in the tray" hides it while the runner
// goes on, until Quit; the window's size, page, table columns, splitters and History filters come back; a switch
// to dark repaints the icons of every page.

#include "AppSettings.h"
#include "Appearance.h"
#include "JobTableView.h"
#include "MainWindow.h"
#include "UiTestSupport.h"
#include "Console.h"
#include "actions/JobActions.h"
#include "callbacks/CallbackUrl.h"
#include "dialogs/SettingsDialog.h"
#include "models/HistoryModel.h"
#include "pages/HistoryPage.h"
#include "runner/Pruner.h"

#include <QAbstractButton>
#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QSplitter>
#include <QStandardPaths>
#include <QTest>

using namespace jobdeck;
using namespace jobdeck::test;

class TestSettings : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void settingsApplyToTheRunnerAndAreKept();
    void closingKeepsTheRunnerWorkingInTheTray();
    void remembersSizePageColumnsSplittersAndFilters();
    void darkRepaintsTheIconsOfEveryPage();
    void asksAgainBeforeDestructiveActions();
    void turnsTheHttpApiOnForThisComputerOnly();
    void noMarkdownReachesTheInterface();
};

void TestSettings::initTestCase()
{
    useOwnSettings();
}

void TestSettings::settingsApplyToTheRunnerAndAreKept()
{
    EngineHarness h(1);
    MainWindow window(*h.engine);
    window.show();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    QSignalSpy changed(&window, &MainWindow::settingsChanged);
    QTest::keyClick(&window, Qt::Key_Comma, Qt::ControlModifier);
    SettingsDialog *dialog = nullptr;
    QTRY_VERIFY((dialog = window.findChild<SettingsDialog *>(QStringLiteral("settingsDialog"))) != nullptr);
    QVERIFY(!dialog->findChild<QWidget *>(QStringLiteral("jobsFolderSetting"))); // this runner has no jobs folder

    child<QSpinBox>(*dialog, "workersSetting")->setValue(3);
    auto *retention = child<QComboBox>(*dialog, "retentionSetting");
    QTRY_VERIFY(retention->isEnabled()); // the setting in effect is read on the read thread
    retention->setCurrentIndex(retention->findText(QStringLiteral("7 days")));
    auto *callbackHosts = child<QLineEdit>(*dialog, "callbackHostsSetting");
    QTRY_VERIFY(callbackHosts->isEnabled());
    QCOMPARE(callbackHosts->text(), QString());
    callbackHosts->setText(QStringLiteral("Hooks.Example.com, ci.example.org hooks.example.com"));
    auto *durability = child<QComboBox>(*dialog, "durabilitySetting");
    durability->setCurrentIndex(durability->findData(QStringLiteral("normal")));
    child<QCheckBox>(*dialog, "traySetting")->setChecked(true);
    child<QComboBox>(*dialog, "appearanceSetting")->setCurrentIndex(static_cast<int>(AppSettings::Appearance::Dark));
    QTest::mouseClick(dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok), Qt::LeftButton);

    QCOMPARE(h.engine->workers(), 3);
    QCOMPARE(child<QSpinBox>(window, "workersSpin")->value(), 3); // the toolbar follows
    QCOMPARE(AppSettings::workers(), 3);
    QTRY_COMPARE(h.store->openReader()->setting(Pruner::kSetting), QString::number(7 * 86'400'000LL));
    // The database's list, shared with every runner and enqueue.
    QTRY_COMPARE(h.store->openReader()->setting(CallbackUrl::kAllowSetting), QStringLiteral("hooks.example.com,ci.example.org"));
    QCOMPARE(AppSettings::durability(), QStringLiteral("normal"));
    QVERIFY(AppSettings::keepRunningInTray());
    QCOMPARE(AppSettings::appearance(), AppSettings::Appearance::Dark);
    QVERIFY(changed.count() >= 1); // the host applies the appearance and the tray setting

    // Opened again, it shows what is in effect; Cancel changes nothing.
    QTRY_VERIFY(!window.findChild<SettingsDialog *>());
    window.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    QTest::keyClick(&window, Qt::Key_Comma, Qt::ControlModifier);
    QTRY_VERIFY((dialog = window.findChild<SettingsDialog *>(QStringLiteral("settingsDialog"))) != nullptr);
    QTRY_COMPARE(child<QComboBox>(*dialog, "retentionSetting")->currentText(), QStringLiteral("7 days"));
    QCOMPARE(child<QSpinBox>(*dialog, "workersSetting")->value(), 3);
    QTRY_COMPARE(child<QLineEdit>(*dialog, "callbackHostsSetting")->text(), QStringLiteral("hooks.example.com, ci.example.org"));
    child<QSpinBox>(*dialog, "workersSetting")->setValue(5);
    QTest::mouseClick(dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Cancel), Qt::LeftButton);
    QCOMPARE(h.engine->workers(), 3);

    AppSettings::setAppearance(AppSettings::Appearance::System);
    AppSettings::setKeepRunningInTray(false);
    AppSettings::setDurability(QStringLiteral("full"));
    AppSettings::setWorkers(0);
}

void TestSettings::closingKeepsTheRunnerWorkingInTheTray()
{
    EngineHarness h(1);
    MainWindow window(*h.engine);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    h.engine->start();
    window.setHideOnClose(true);
    QVERIFY(!window.close()); // refused: hidden instead
    QVERIFY(window.isHidden());
    // The runner goes on while the window is away.
    const qint64 id = h.enqueue(makeSpec(QStringLiteral("sleep"), {{QStringLiteral("ms"), 50}}));
    QTRY_COMPARE_WITH_TIMEOUT(stateName(h.store->openReader()->job(id)->state), QStringLiteral("succeeded"), 10'000);

    // Quit closes for good.
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.findChild<QAction *>(QStringLiteral("quitAction"))->trigger();
    QVERIFY(window.isHidden());
    window.show();
    QVERIFY(window.close()); // no longer kept
}

void TestSettings::remembersSizePageColumnsSplittersAndFilters()
{
    QList<int> queueSizes;
    int kindWidth = 0;
    {
        EngineHarness h(1);
        MainWindow window(*h.engine);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.resize(1100, 720);
        window.showPage(QStringLiteral("queue"));
        auto *splitter = child<QSplitter>(window, "queueSplitter");
        QTRY_VERIFY(splitter->sizes().value(0) > 0);
        const int total = splitter->sizes().value(0) + splitter->sizes().value(1);
        splitter->setSizes({total / 2, total - total / 2});
        queueSizes = splitter->sizes();

        window.showPage(QStringLiteral("history"));
        HistoryPage *history = window.historyPage();
        const int kindColumn = history->model()->columnOf(JobColumn::Kind);
        history->table()->horizontalHeader()->resizeSection(kindColumn, 211);
        kindWidth = history->table()->horizontalHeader()->sectionSize(kindColumn);
        auto *state = child<QComboBox>(*history, "historyStateFilter");
        state->setCurrentIndex(state->findData(static_cast<int>(JobState::Dead)));
        child<QComboBox>(*history, "historyTimeFilter")->setCurrentIndex(3); // last 7 days
        QVERIFY(window.close());
    }

    EngineHarness h(1);
    MainWindow window(*h.engine);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QCOMPARE(window.size(), QSize(1100, 720));
    QCOMPARE(window.currentPage(), QStringLiteral("history"));
    HistoryPage *history = window.historyPage();
    QCOMPARE(history->table()->horizontalHeader()->sectionSize(history->model()->columnOf(JobColumn::Kind)), kindWidth);
    QCOMPARE(child<QComboBox>(*history, "historyStateFilter")->currentData().toInt(), static_cast<int>(JobState::Dead));
    QCOMPARE(child<QComboBox>(*history, "historyTimeFilter")->currentIndex(), 3);
    QCOMPARE(history->model()->query().states, QList<JobState>{JobState::Dead}); // and the rows follow them
    QVERIFY(history->model()->query().finishedFromMs > 0);
    window.showPage(QStringLiteral("queue"));
    QTRY_COMPARE(child<QSplitter>(window, "queueSplitter")->sizes(), queueSizes);
}

void TestSettings::darkRepaintsTheIconsOfEveryPage()
{
    EngineHarness h(1);
    Appearance appearance;
    appearance.apply(AppSettings::Appearance::Light);
    MainWindow window(*h.engine);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    // The toolbar's, and those of the Queue, History, Poison and Health pages.
    const QStringList names{QStringLiteral("newJobAction"), QStringLiteral("pauseQueueAction"), QStringLiteral("historyRequeueAction"),
                            QStringLiteral("requeueAction"), QStringLiteral("checkHealthAction")};
    const auto pictures = [&window, &names] {
        QList<QImage> images;
        for (const QString &name : names) {
            auto *action = window.findChild<QAction *>(name);
            images << (action ? action->icon().pixmap(16, 16).toImage() : QImage());
        }
        return images;
    };
    const QList<QImage> light = pictures();
    for (const QImage &image : light)
        QVERIFY(!image.isNull());
    appearance.apply(AppSettings::Appearance::Dark);
    QTRY_VERIFY(Appearance::isDark());
    const QList<QImage> dark = pictures();
    for (int i = 0; i < names.size(); ++i)
        QVERIFY2(dark[i] != light[i], qPrintable(names[i] + QStringLiteral(" kept its light-palette icon")));
    appearance.apply(AppSettings::Appearance::System);
}

void TestSettings::asksAgainBeforeDestructiveActions()
{
    EngineHarness h(1);
    MainWindow window(*h.engine);
    window.show();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    AppSettings::forgetConfirmations();
    // "Don't ask again" to cancelling: the next cancel goes ahead without a question.
    int asked = 0;
    window.console().actions.setPrompt([&asked](const Confirmation &) {
        ++asked;
        return ConfirmAnswer{true, true};
    });
    QVERIFY(window.console().actions.confirm({ConfirmKind::CancelRunning, QStringLiteral("Cancel"), QStringLiteral("?"), 2}));
    QVERIFY(window.console().actions.confirm({ConfirmKind::CancelRunning, QStringLiteral("Cancel"), QStringLiteral("?"), 2}));
    QCOMPARE(asked, 1);

    QTest::keyClick(&window, Qt::Key_Comma, Qt::ControlModifier);
    SettingsDialog *dialog = nullptr;
    QTRY_VERIFY((dialog = window.findChild<SettingsDialog *>(QStringLiteral("settingsDialog"))) != nullptr);
    auto *askAgain = child<QPushButton>(*dialog, "askAgainConfirmations");
    auto *note = child<QLabel>(*dialog, "askAgainNote");
    QVERIFY(askAgain->isEnabled());
    QVERIFY2(note->text().contains(QLatin1String("cancelling running jobs")), qPrintable(note->text()));
    QTest::mouseClick(askAgain, Qt::LeftButton);
    QVERIFY(!askAgain->isEnabled());
    QVERIFY2(!note->text().contains(QLatin1String("Not asked")), qPrintable(note->text()));
    QCOMPARE(AppSettings::skippedConfirmations(), 0);
    QTest::mouseClick(dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Cancel), Qt::LeftButton);

    // The question is back.
    QVERIFY(window.console().actions.confirm({ConfirmKind::CancelRunning, QStringLiteral("Cancel"), QStringLiteral("?"), 2}));
    QCOMPARE(asked, 2);
    AppSettings::forgetConfirmations();
}

void TestSettings::turnsTheHttpApiOnForThisComputerOnly()
{
    EngineHarness h(1);
    MainWindow window(*h.engine);
    window.show();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    AppSettings::setHttpApi(false, QStringLiteral("127.0.0.1:8080"));
    QTest::keyClick(&window, Qt::Key_Comma, Qt::ControlModifier);
    SettingsDialog *dialog = nullptr;
    QTRY_VERIFY((dialog = window.findChild<SettingsDialog *>(QStringLiteral("settingsDialog"))) != nullptr);
    auto *serve = child<QCheckBox>(*dialog, "httpApiSetting");
    auto *address = child<QLineEdit>(*dialog, "httpApiAddress");
    auto *note = child<QLabel>(*dialog, "httpApiNote");
    QPushButton *ok = dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
    QVERIFY(!serve->isChecked());
    QVERIFY(!address->isEnabled());

    serve->setChecked(true);
    QVERIFY(address->isEnabled());
    QVERIFY2(note->text().contains(QLatin1String("http://127.0.0.1:8080")), qPrintable(note->text()));
    // Another machine's address needs TLS, which only the command line gives: OK waits for a usable address.
    address->setText(QStringLiteral("0.0.0.0:8080"));
    QVERIFY(!ok->isEnabled());
    QVERIFY2(note->text().contains(QLatin1String("--tls-cert")), qPrintable(note->text()));
    address->setText(QStringLiteral("no port"));
    QVERIFY(!ok->isEnabled());
    // Turned off, a bad address holds nothing up.
    serve->setChecked(false);
    QVERIFY(ok->isEnabled());
    serve->setChecked(true);
    address->setText(QStringLiteral("127.0.0.1:9191"));
    QVERIFY(ok->isEnabled());
    QSignalSpy changed(&window, &MainWindow::settingsChanged);
    QTest::mouseClick(ok, Qt::LeftButton);
    QCOMPARE(changed.count(), 1);
    QVERIFY(AppSettings::servesHttpApi());
    QCOMPARE(AppSettings::httpApiAddress(), QStringLiteral("127.0.0.1:9191"));
    AppSettings::setHttpApi(false, QStringLiteral("127.0.0.1:8080"));
}

void TestSettings::noMarkdownReachesTheInterface()
{
    EngineHarness h(1);
    MainWindow window(*h.engine);
    window.show();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    QTest::keyClick(&window, Qt::Key_Comma, Qt::ControlModifier);
    SettingsDialog *dialog = nullptr;
    QTRY_VERIFY((dialog = window.findChild<SettingsDialog *>(QStringLiteral("settingsDialog"))) != nullptr);
    // Every text a person reads: labels, buttons, actions and their tips, in the window and the dialog.
    QStringList texts;
    for (const QObject *root : {static_cast<QObject *>(&window), static_cast<QObject *>(dialog)}) {
        for (const QLabel *label : root->findChildren<QLabel *>())
            texts << label->text() << label->toolTip();
        for (const QAbstractButton *button : root->findChildren<QAbstractButton *>())
            texts << button->text() << button->toolTip();
        for (const QAction *action : root->findChildren<QAction *>())
            texts << action->text() << action->toolTip();
    }
    QVERIFY(texts.size() > 100);
    for (const QString &text : texts) {
        QVERIFY2(!text.contains(u'`'), qPrintable(text));
        QVERIFY2(!text.contains(QLatin1String("**")), qPrintable(text));
    }
    QTest::mouseClick(dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Cancel), Qt::LeftButton);
}

QTEST_MAIN(TestSettings)
#include "tst_settings.moc"
