#include "desktop/DropController.h"

#include "AppSettings.h"
#include "Icons.h"
#include "definitions/JobDefinitions.h"
#include "desktop/DropDialog.h"
#include "runner/Engine.h"

#include <QDragEnterEvent>
#include <QFutureWatcher>
#include <QLocale>
#include <QMimeData>
#include <QPainter>
#include <QPainterPath>
#include <QWidget>
#include <QtConcurrent>

namespace jobdeck {

namespace {

// The drop zone: a veil over the window saying what letting go will do.
class DropOverlay final : public QWidget {
public:
    explicit DropOverlay(QWidget *parent) : QWidget(parent)
    {
        setObjectName(QStringLiteral("dropOverlay"));
        setAttribute(Qt::WA_TransparentForMouseEvents);
        hide();
    }

    // What the files can become, under the title.
    void setHint(const QString &hint) { m_hint = hint; }

protected:
    void paintEvent(QPaintEvent *) override
    {
        QPainter p(this);
        p.setRenderHint(QPainter::Antialiasing);
        QColor veil = palette().color(QPalette::Window);
        veil.setAlphaF(0.88);
        p.fillRect(rect(), veil);
        const QColor accent = palette().color(QPalette::Highlight);
        const QRectF zone = QRectF(rect()).adjusted(40, 40, -40, -40);
        p.setPen(QPen(accent, 2.5, Qt::DashLine));
        QColor fill = accent;
        fill.setAlphaF(0.06);
        p.setBrush(fill);
        p.drawRoundedRect(zone, 18, 18);
        const int icon = 64;
        Icons::tinted(QStringLiteral("drop"), accent).paint(&p, QRect(int(zone.center().x()) - icon / 2, int(zone.center().y()) - icon - 10, icon, icon));
        QFont title = font();
        title.setPointSizeF(title.pointSizeF() * 1.6);
        title.setWeight(QFont::DemiBold);
        p.setFont(title);
        p.setPen(palette().color(QPalette::Text));
        p.drawText(QRectF(zone.left(), zone.center().y() + 6, zone.width(), QFontMetrics(title).height()), Qt::AlignCenter,
                   tr("Drop files or folders to create jobs"));
        p.setFont(font());
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(QRectF(zone.left(), zone.center().y() + 14 + QFontMetrics(title).height(), zone.width(), fontMetrics().height()),
                   Qt::AlignCenter, m_hint);
    }

private:
    QString m_hint;
};

} // namespace

DropController::DropController(QWidget &window, Engine &engine, QObject *parent)
    : QObject(parent), m_window(window), m_engine(engine), m_choices(engine.handlers())
{
    m_window.setAcceptDrops(true);
    m_window.installEventFilter(this);
    m_overlay = new DropOverlay(&m_window);
    definitionsChanged();
}

void DropController::setDefinitions(const JobDefinitions *definitions)
{
    if (m_definitions)
        disconnect(m_definitions, nullptr, this, nullptr);
    m_definitions = definitions;
    if (m_definitions)
        connect(m_definitions, &JobDefinitions::changed, this, &DropController::definitionsChanged);
    definitionsChanged();
}

void DropController::definitionsChanged()
{
    if (m_definitions)
        m_choices.setDefinitions(*m_definitions);
    QStringList kinds;
    int definitions = 0;
    for (const DropChoice &choice : m_choices.all()) {
        if (DropChoices::isDefinition(choice))
            ++definitions;
        else
            kinds << choice.title.toLower();
    }
    if (definitions > 0)
        kinds << (definitions == 1 ? tr("a job of the jobs folder") : tr("one of %1 jobs of the jobs folder").arg(definitions));
    const QString last = kinds.isEmpty() ? QString() : kinds.takeLast();
    const QString choices = kinds.isEmpty() ? last : tr("%1 or %2").arg(kinds.join(QStringLiteral(", ")), last);
    static_cast<DropOverlay *>(m_overlay)->setHint(tr("One job per file — %1; you choose next").arg(choices));
}

DropController::~DropController() = default;

bool DropController::eventFilter(QObject *watched, QEvent *event)
{
    if (watched != &m_window)
        return QObject::eventFilter(watched, event);
    switch (event->type()) {
    case QEvent::DragEnter: {
        auto *e = static_cast<QDragEnterEvent *>(event);
        if (e->mimeData()->hasUrls()) {
            e->acceptProposedAction();
            showOverlay(true);
            return true;
        }
        break;
    }
    case QEvent::DragMove: {
        auto *e = static_cast<QDragMoveEvent *>(event);
        if (e->mimeData()->hasUrls()) {
            e->acceptProposedAction();
            return true;
        }
        break;
    }
    case QEvent::DragLeave:
        showOverlay(false);
        break;
    case QEvent::Drop: {
        auto *e = static_cast<QDropEvent *>(event);
        showOverlay(false);
        if (e->mimeData()->hasUrls()) {
            e->acceptProposedAction();
            drop(e->mimeData()->urls());
            return true;
        }
        break;
    }
    case QEvent::Resize:
        m_overlay->setGeometry(m_window.rect());
        break;
    default:
        break;
    }
    return QObject::eventFilter(watched, event);
}

void DropController::showOverlay(bool shown)
{
    m_overlay->setGeometry(m_window.rect());
    m_overlay->setVisible(shown);
    if (shown)
        m_overlay->raise();
}

void DropController::drop(const QList<QUrl> &urls)
{
    if (urls.isEmpty() || m_expanding)
        return;
    m_expanding = true;
    Q_EMIT message(tr("Looking at the dropped files…"), false);
    // Folders may hold thousands of files: they are listed on a pool thread, the window stays responsive.
    auto *watcher = new QFutureWatcher<DroppedFiles>(this);
    connect(watcher, &QFutureWatcher<DroppedFiles>::finished, this, [this, watcher] {
        m_expanding = false;
        expanded(watcher->result());
        watcher->deleteLater();
    });
    watcher->setFuture(QtConcurrent::run(&DroppedFiles::expand, urls));
}

void DropController::expanded(const DroppedFiles &files)
{
    if (files.files.isEmpty()) {
        QStringList problems;
        for (const auto &p : files.problems)
            problems << QStringLiteral("%1 %2").arg(p.path, p.reason);
        Q_EMIT message(problems.isEmpty() ? tr("The drop held no files") : tr("Nothing to enqueue: %1").arg(problems.join(QStringLiteral("; "))),
                       true);
        return;
    }
    const QString suffix = files.commonSuffix();
    const QString remembered = suffix.isEmpty() ? QString() : AppSettings::dropChoice(suffix);
    const DropChoice *choice = m_choices.find(remembered);
    if (choice && files.files.size() <= DropDialog::kConfirmAbove && std::all_of(files.files.begin(), files.files.end(),
                                                                                  [choice](const QString &f) { return choice->suits(f); })) {
        enqueue(files, *choice);
        return;
    }
    Q_EMIT message(QString(), false); // the chooser takes over from "Looking at the dropped files…"
    auto shared = std::make_shared<DroppedFiles>(files);
    auto *dialog = new DropDialog(*shared, m_choices, remembered, &m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    m_dialog = dialog;
    connect(dialog, &QDialog::accepted, this, [this, dialog, shared] {
        const DropChoice *chosen = m_choices.find(dialog->choiceId());
        if (!chosen)
            return;
        if (dialog->remember())
            AppSettings::setDropChoice(shared->commonSuffix(), chosen->id);
        enqueue(*shared, *chosen);
    });
    dialog->open();
}

void DropController::enqueue(const DroppedFiles &files, const DropChoice &choice)
{
    WriteBatch batch;
    batch.reserve(size_t(files.files.size()));
    const qint64 now = m_engine.clock().nowMs();
    int unsuited = 0;
    for (const QString &path : files.files) {
        if (!choice.suits(path)) {
            ++unsuited;
            continue;
        }
        batch.push_back(EnqueueJob{choice.makeSpec(path), now});
    }
    const int count = int(batch.size());
    QString leftOut;
    if (unsuited > 0)
        leftOut += tr("; %1 not suited to %2 left out").arg(unsuited).arg(choice.title);
    if (!files.problems.isEmpty())
        leftOut += tr("; %1 could not be used (first: %2 %3)").arg(files.problems.size()).arg(files.problems.first().path, files.problems.first().reason);
    // One transaction: all the jobs or none.
    m_engine.submit(std::move(batch), this, [this, count, leftOut, title = choice.title](const BatchResult &r) {
        if (!r.ok) {
            Q_EMIT message(tr("Could not enqueue the dropped files: %1").arg(r.error), true);
            Q_EMIT enqueued(0);
            return;
        }
        Q_EMIT message(tr("Enqueued %1 %2 job(s)%3").arg(QLocale().toString(count), title.toLower(), leftOut),
                       !leftOut.isEmpty());
        Q_EMIT enqueued(count);
    });
}

} // namespace jobdeck
