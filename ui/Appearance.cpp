#include "Appearance.h"

#include "CheckFrameStyle.h"

#include <QApplication>
#include <QEvent>
#include <QPalette>
#include <QStyle>
#include <QStyleFactory>

namespace jobdeck {

namespace {

QPalette darkPalette()
{
    QPalette p;
    const QColor window(0x23, 0x25, 0x2b);
    const QColor base(0x1b, 0x1d, 0x22);
    const QColor text(0xe6, 0xe8, 0xec);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, QColor(0x22, 0x24, 0x2a));
    p.setColor(QPalette::ToolTipBase, QColor(0x2f, 0x32, 0x3a));
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, QColor(0x95, 0x9b, 0xa8));
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, QColor(0x2d, 0x30, 0x37));
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, Qt::white);
    p.setColor(QPalette::Highlight, QColor(0x3d, 0x7b, 0xe0));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, QColor(0x6c, 0xa8, 0xff));
    p.setColor(QPalette::Mid, QColor(0x4a, 0x4e, 0x58));
    p.setColor(QPalette::Dark, QColor(0x14, 0x15, 0x19));
    p.setColor(QPalette::Light, QColor(0x3a, 0x3d, 0x46));
    p.setColor(QPalette::Shadow, Qt::black);
    for (const auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        p.setColor(QPalette::Disabled, role, QColor(0x6a, 0x6f, 0x7a));
    return p;
}

QPalette lightPalette()
{
    QPalette p = QStyleFactory::create(QStringLiteral("Fusion"))->standardPalette();
    p.setColor(QPalette::Window, QColor(0xf4, 0xf5, 0xf7));
    p.setColor(QPalette::Base, Qt::white);
    p.setColor(QPalette::AlternateBase, QColor(0xf7, 0xf8, 0xfa));
    p.setColor(QPalette::Highlight, QColor(0x2f, 0x6f, 0xd6));
    p.setColor(QPalette::PlaceholderText, QColor(0x6b, 0x72, 0x80));
    p.setColor(QPalette::Mid, QColor(0xc9, 0xcd, 0xd4));
    return p;
}

QString rgba(QColor c, double alpha)
{
    c.setAlphaF(alpha);
    return QStringLiteral("rgba(%1, %2, %3, %4)").arg(c.red()).arg(c.green()).arg(c.blue()).arg(c.alphaF());
}

} // namespace

Appearance::Appearance(QObject *parent)
    : QObject(parent), m_systemPalette(QApplication::palette()), m_systemStyle(QApplication::style()->name())
{
    qApp->installEventFilter(this);
}

bool Appearance::isDark()
{
    return QApplication::palette().color(QPalette::Window).lightness() < 128;
}

void Appearance::apply(AppSettings::Appearance choice)
{
    m_choice = choice;
    m_applying = true;
    switch (choice) {
    case AppSettings::Appearance::System:
        QApplication::setStyle(m_systemStyle);
        QApplication::setPalette(m_systemPalette);
        break;
    case AppSettings::Appearance::Light:
        QApplication::setStyle(QStringLiteral("Fusion"));
        QApplication::setPalette(lightPalette());
        break;
    case AppSettings::Appearance::Dark:
        QApplication::setStyle(new CheckFrameStyle); // the application owns it
        QApplication::setPalette(darkPalette());
        break;
    }
    m_applying = false;
    applyStyleSheet();
}

bool Appearance::eventFilter(QObject *watched, QEvent *event)
{
    // The desktop switched between light and dark: follow it, unless a palette was chosen.
    if (watched == qApp && event->type() == QEvent::ApplicationPaletteChange && !m_applying) {
        if (m_choice == AppSettings::Appearance::System)
            m_systemPalette = QApplication::palette();
        applyStyleSheet();
    }
    return QObject::eventFilter(watched, event);
}

void Appearance::applyStyleSheet()
{
    const QPalette p = QApplication::palette();
    const bool dark = isDark();
    const QColor window = p.color(QPalette::Window);
    const QColor sidebar = dark ? window.darker(118) : window.darker(104);
    const QString sheet = QStringLiteral(
        "QWidget#sidebarPanel { background: %1; border-right: 1px solid %2; }"
        "QListWidget#sidebar { background: transparent; border: none; outline: none; }"
        "QFrame[card=\"true\"] { background: %3; border: 1px solid %2; border-radius: 10px; }"
        "QToolBar#mainToolBar { border: none; border-bottom: 1px solid %2; padding: 4px 8px; spacing: 6px; }"
        "QPushButton#historyNewJobs { color: %4; border: none; padding: 2px 6px; }"
        "QLabel#brandName { font-weight: 600; }"
        "QStatusBar { border-top: 1px solid %2; }"
        "QStatusBar::item { border: none; }"
        "QTreeWidget#runnersList::item { padding: 6px 2px; }"
        // The style's stock pictures on OK and Cancel look dated next to the SVG icons; the words say enough.
        "QDialogButtonBox { dialogbuttonbox-buttons-have-icons: 0; }")
                              .arg(sidebar.name(), rgba(p.color(QPalette::Mid), dark ? 0.7 : 0.55), p.color(QPalette::Base).name(),
                                   p.color(QPalette::Link).name());
    m_applying = true;
    qApp->setStyleSheet(sheet);
    m_applying = false;
}

} // namespace jobdeck
