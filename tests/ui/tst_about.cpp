// About Jobdeck: opened from the toolbar and with F1, it shows the version --version prints, the database the
// window serves, and the licence; the window's icon is the one the package installs.

#include "MainWindow.h"
#include "UiTestSupport.h"
#include "dialogs/AboutDialog.h"

#include <QCoreApplication>
#include <QDialogButtonBox>
#include <QFile>
#include <QLabel>
#include <QPushButton>
#include <QTest>
#include <QToolBar>
#include <QToolButton>

using namespace jobdeck;
using namespace jobdeck::test;

class TestAbout : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void showsVersionDatabaseAndLicence();
    void opensWithF1AndClosesWithClose();
    void windowIconIsTheInstalledOne();
};

void TestAbout::initTestCase()
{
    useOwnSettings();
    QCoreApplication::setApplicationVersion(QStringLiteral(JOBDECK_VERSION)); // as main() does
}

void TestAbout::showsVersionDatabaseAndLicence()
{
    EngineHarness h(1);
    MainWindow window(*h.engine);
    window.show();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    auto *toolbar = child<QToolBar>(window, "mainToolBar");
    auto *button = qobject_cast<QToolButton *>(toolbar->widgetForAction(child<QAction>(window, "aboutAction")));
    QVERIFY(button);
    QTest::mouseClick(button, Qt::LeftButton);

    AboutDialog *dialog = nullptr;
    QTRY_VERIFY((dialog = window.findChild<AboutDialog *>(QStringLiteral("aboutDialog"))) != nullptr);
    QTRY_VERIFY(dialog->isVisible());
    QCOMPARE(child<QLabel>(*dialog, "aboutVersion")->text(), QStringLiteral(JOBDECK_VERSION));
    QCOMPARE(child<QLabel>(*dialog, "aboutDatabase")->text(), h.store->location());
    QVERIFY(child<QLabel>(*dialog, "aboutLicence")->text().startsWith(QLatin1String("MIT licence")));
}

void TestAbout::opensWithF1AndClosesWithClose()
{
    EngineHarness h(1);
    MainWindow window(*h.engine);
    window.show();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    QTest::keyClick(&window, Qt::Key_F1);
    AboutDialog *dialog = nullptr;
    QTRY_VERIFY((dialog = window.findChild<AboutDialog *>(QStringLiteral("aboutDialog"))) != nullptr);
    QTest::mouseClick(dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Close), Qt::LeftButton);
    QTRY_VERIFY(!window.findChild<AboutDialog *>()); // closed and deleted
}

void TestAbout::windowIconIsTheInstalledOne()
{
    // The package installs resources/icons/jobdeck.svg as the hicolor icon; the window shows the same file.
    QFile compiledIn(QStringLiteral(":/icons/jobdeck.svg"));
    QFile source(QStringLiteral(JOBDECK_SOURCE_DIR "/resources/icons/jobdeck.svg"));
    QVERIFY(compiledIn.open(QIODevice::ReadOnly));
    QVERIFY(source.open(QIODevice::ReadOnly));
    QCOMPARE(compiledIn.readAll(), source.readAll());
    EngineHarness h(1);
    MainWindow window(*h.engine);
    QVERIFY(!window.windowIcon().isNull());
    QCOMPARE(window.windowIcon().pixmap(32).toImage(), QIcon(QStringLiteral(":/icons/jobdeck.svg")).pixmap(32).toImage());
}

QTEST_MAIN(TestAbout)
#include "tst_about.moc"
