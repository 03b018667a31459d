#include "desktop/DropDialog.h"

#include <QApplication>
#include <QCheckBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QListWidget>
#include <QLocale>
#include <QPainter>
#include <QPushButton>
#include <QStyledItemDelegate>
#include <QVBoxLayout>

namespace jobdeck {

namespace {

constexpr int kProblemsShown = 6;
constexpr int kTitleRole = Qt::UserRole + 1;
constexpr int kDetailRole = Qt::UserRole + 2;

// A choice as two lines: its title in bold, then what it does and how many of the files it suits, quieter.
class ChoiceDelegate final : public QStyledItemDelegate {
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        QStyleOptionViewItem cell = option;
        initStyleOption(&cell, index);
        cell.text.clear();
        QStyle *style = cell.widget ? cell.widget->style() : QApplication::style();
        style->drawControl(QStyle::CE_ItemViewItem, &cell, painter, cell.widget);
        const bool enabled = index.flags() & Qt::ItemIsEnabled;
        const bool selected = option.state & QStyle::State_Selected;
        const QPalette::ColorGroup group = enabled ? QPalette::Active : QPalette::Disabled;
        const QRect text = option.rect.adjusted(kPadding, kPadding, -kPadding, -kPadding);
        QFont title = option.font;
        title.setWeight(QFont::DemiBold);
        painter->save();
        painter->setFont(title);
        painter->setPen(option.palette.color(group, selected ? QPalette::HighlightedText : QPalette::Text));
        painter->drawText(text, Qt::AlignLeft | Qt::AlignTop, index.data(kTitleRole).toString());
        painter->setFont(option.font);
        painter->setPen(option.palette.color(group, selected ? QPalette::HighlightedText : QPalette::PlaceholderText));
        const QRect detail = text.adjusted(0, QFontMetrics(title).lineSpacing() + 2, 0, 0);
        painter->drawText(detail, Qt::AlignLeft | Qt::AlignTop,
                          option.fontMetrics.elidedText(index.data(kDetailRole).toString(), Qt::ElideRight, detail.width()));
        painter->restore();
    }

    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &) const override
    {
        return {option.rect.width(), option.fontMetrics.lineSpacing() * 2 + 2 + 2 * kPadding};
    }

private:
    static constexpr int kPadding = 7;
};

int suited(const DropChoice &choice, const QStringList &files)
{
    return int(std::count_if(files.begin(), files.end(), [&choice](const QString &f) { return choice.suits(f); }));
}

} // namespace

DropDialog::DropDialog(const DroppedFiles &files, const DropChoices &choices, const QString &preferred, QWidget *parent)
    : QDialog(parent), m_files(files), m_choices(choices)
{
    setObjectName(QStringLiteral("dropDialog"));
    setWindowTitle(tr("Create jobs from dropped files"));
    const QLocale locale;
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("dropSummary"));
    QFont bold = m_summary->font();
    bold.setWeight(QFont::DemiBold);
    bold.setPointSizeF(bold.pointSizeF() * 1.15);
    m_summary->setFont(bold);
    QString summary = files.files.size() == 1 ? tr("1 file") : tr("%1 files").arg(locale.toString(files.files.size()));
    if (files.folders > 0)
        summary += files.folders == 1 ? tr(" from 1 folder") : tr(" from %1 folders").arg(files.folders);
    m_summary->setText(summary + tr(": one job per file"));

    m_problems = new QLabel(this);
    m_problems->setObjectName(QStringLiteral("dropProblems"));
    m_problems->setWordWrap(true);
    m_problems->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QStringList problemLines;
    for (int i = 0; i < files.problems.size() && i < kProblemsShown; ++i)
        problemLines << QStringLiteral("%1 — %2").arg(files.problems[i].path, files.problems[i].reason);
    if (files.problems.size() > kProblemsShown)
        problemLines << tr("… and %1 more").arg(files.problems.size() - kProblemsShown);
    if (files.truncated)
        problemLines << tr("Only the first %1 files are taken.").arg(locale.toString(DroppedFiles::kLimit));
    m_problems->setText(problemLines.isEmpty() ? QString()
                                               : tr("Cannot be used (%1):\n").arg(files.problems.size()) + problemLines.join(u'\n'));
    m_problems->setVisible(!problemLines.isEmpty());
    m_problems->setForegroundRole(QPalette::PlaceholderText);

    m_list = new QListWidget(this);
    m_list->setObjectName(QStringLiteral("dropChoices"));
    m_list->setItemDelegate(new ChoiceDelegate(m_list));
    m_list->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_list->setUniformItemSizes(true);
    int preferredRow = -1;
    for (const DropChoice &choice : choices.all()) {
        const int n = suited(choice, files.files);
        auto *item = new QListWidgetItem(m_list);
        item->setData(Qt::UserRole, choice.id);
        const QString suits = n == files.files.size() ? tr("suits every file")
                              : n == 0                ? tr("suits none of them")
                                                      : tr("suits %1 of them").arg(locale.toString(n));
        item->setText(QStringLiteral("%1\n%2 · %3").arg(choice.title, choice.description, suits)); // for accessibility
        item->setData(kTitleRole, choice.title);
        item->setData(kDetailRole, QStringLiteral("%1 · %2").arg(suits, choice.description));
        item->setToolTip(choice.description);
        if (n == 0)
            item->setFlags(item->flags() & ~(Qt::ItemIsEnabled | Qt::ItemIsSelectable));
        else if (preferredRow < 0 || choice.id == preferred)
            preferredRow = m_list->count() - 1;
    }
    m_list->setMinimumHeight((m_list->fontMetrics().lineSpacing() * 2 + 16) * int(std::min<size_t>(choices.all().size(), 7)) + 6);

    const QString suffix = files.commonSuffix();
    m_remember = new QCheckBox(tr("Always do this for .%1 files (without asking)").arg(suffix), this);
    m_remember->setObjectName(QStringLiteral("dropRemember"));
    m_remember->setVisible(!suffix.isEmpty());
    m_confirm = new QCheckBox(tr("Yes, create %1 jobs").arg(locale.toString(files.files.size())), this);
    m_confirm->setObjectName(QStringLiteral("dropConfirm"));
    m_confirm->setVisible(files.files.size() > kConfirmAbove);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->setObjectName(QStringLiteral("dropButtons"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_list, &QListWidget::currentRowChanged, this, &DropDialog::update);
    connect(m_confirm, &QCheckBox::toggled, this, &DropDialog::update);
    connect(m_list, &QListWidget::itemDoubleClicked, this, [this] {
        if (m_buttons->button(QDialogButtonBox::Ok)->isEnabled())
            accept();
    });

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addWidget(m_problems);
    layout->addWidget(new QLabel(tr("Make each file a job of this kind:"), this));
    layout->addWidget(m_list, 1);
    layout->addWidget(m_remember);
    layout->addWidget(m_confirm);
    layout->addWidget(m_buttons);
    resize(640, sizeHint().height());
    if (preferredRow >= 0)
        m_list->setCurrentRow(preferredRow);
    update();
}

QString DropDialog::choiceId() const
{
    const QListWidgetItem *item = m_list->currentItem();
    return item && (item->flags() & Qt::ItemIsEnabled) ? item->data(Qt::UserRole).toString() : QString();
}

void DropDialog::setChoice(const QString &id)
{
    for (int row = 0; row < m_list->count(); ++row) {
        if (m_list->item(row)->data(Qt::UserRole).toString() == id)
            m_list->setCurrentRow(row);
    }
}

bool DropDialog::remember() const
{
    return !m_remember->isHidden() && m_remember->isChecked();
}

int DropDialog::jobCount() const
{
    const DropChoice *choice = m_choices.find(choiceId());
    return choice ? suited(*choice, m_files.files) : 0;
}

void DropDialog::update()
{
    const int jobs = jobCount();
    QPushButton *ok = m_buttons->button(QDialogButtonBox::Ok);
    ok->setText(jobs == 1 ? tr("Create 1 job") : tr("Create %1 jobs").arg(QLocale().toString(jobs)));
    ok->setEnabled(jobs > 0 && (m_confirm->isHidden() || m_confirm->isChecked()));
}

} // namespace jobdeck
