#include "PageHeader.h"

#include <QAction>
#include <QHBoxLayout>
#include <QLabel>
#include <QToolButton>
#include <QVBoxLayout>

namespace jobdeck {

PageHeader::PageHeader(const QString &title, const QString &subtitle, QWidget *parent) : QWidget(parent)
{
    m_title = new QLabel(title, this);
    m_title->setObjectName(QStringLiteral("pageTitle"));
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.55);
    titleFont.setWeight(QFont::DemiBold);
    m_title->setFont(titleFont);
    m_subtitle = new QLabel(subtitle, this);
    m_subtitle->setObjectName(QStringLiteral("pageSubtitle"));
    m_subtitle->setForegroundRole(QPalette::PlaceholderText);
    m_subtitle->setWordWrap(true);

    auto *text = new QVBoxLayout;
    text->setSpacing(2);
    text->addWidget(m_title);
    text->addWidget(m_subtitle);
    m_tools = new QHBoxLayout;
    m_tools->setSpacing(6);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 4);
    layout->addLayout(text, 1);
    layout->addLayout(m_tools);
}

void PageHeader::setSubtitle(const QString &text)
{
    m_subtitle->setText(text);
}

void PageHeader::addAction(QAction *action)
{
    auto *button = new QToolButton(this);
    button->setDefaultAction(action);
    button->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    button->setAutoRaise(false);
    button->setIconSize(QSize(16, 16));
    button->setObjectName(action->objectName() + QStringLiteral("Button"));
    m_tools->addWidget(button);
}

void PageHeader::addWidget(QWidget *widget)
{
    m_tools->addWidget(widget);
}

} // namespace jobdeck
