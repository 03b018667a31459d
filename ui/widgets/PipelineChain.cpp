#include "PipelineChain.h"

#include "JobColumns.h"
#include "StateStyle.h"

#include <QHelpEvent>
#include <QKeyEvent>
#include <QLocale>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QToolTip>

namespace jobdeck {

namespace {

constexpr int kRailX = 18;
constexpr int kNodeRadius = 7;
constexpr int kCardLeft = 40;
constexpr int kIndent = 40; // a compensation's card, right of the step it undoes
constexpr int kGap = 12;
constexpr int kMargin = 8;
constexpr int kEndLines = 4;

QString attemptsText(int attempts)
{
    return attempts == 1 ? PipelineChain::tr("1 attempt") : PipelineChain::tr("%1 attempts").arg(attempts);
}

} // namespace

PipelineChain::PipelineChain(QWidget *parent) : QWidget(parent)
{
    setFocusPolicy(Qt::StrongFocus);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Minimum);
    setMouseTracking(false);
}

int PipelineChain::cardHeight() const
{
    return fontMetrics().height() * 2 + 18;
}

QString PipelineChain::endDetail() const
{
    switch (m_pipeline->state) {
    case PipelineState::Running:
        return tr("Succeeds with the result of step %1").arg(m_pipeline->stepCount);
    case PipelineState::Compensating:
    case PipelineState::Failed:
        return m_pipeline->reason.simplified();
    case PipelineState::Succeeded:
        return m_pipeline->result.isEmpty() ? tr("The last step gave no result")
                                            : tr("Result: %1").arg(QString::fromUtf8(m_pipeline->result));
    }
    return {};
}

// The reason a pipeline failed matters most: it wraps, up to kEndLines lines.
QRect PipelineChain::endTextRect(int width) const
{
    const QFontMetrics fm = fontMetrics();
    const QRect wrapped = fm.boundingRect(QRect(0, 0, width - 4, fm.height() * kEndLines), Qt::TextWordWrap, endDetail());
    return QRect(2, fm.height() + 11, width - 4, std::clamp(wrapped.height(), fm.height(), fm.height() * kEndLines));
}

int PipelineChain::endHeight(int width) const
{
    return std::max(cardHeight(), endTextRect(width).bottom() + 8);
}

void PipelineChain::setPipeline(const std::optional<PipelineRecord> &pipeline)
{
    const qint64 keep = selectedJobId();
    const bool samePipeline = pipeline && m_pipeline && pipeline->id == m_pipeline->id;
    m_pipeline = pipeline;
    m_cards.clear();
    if (m_pipeline) {
        for (const PipelineStepRecord &s : m_pipeline->steps) {
            m_cards.push_back({s.step, false, s.jobId, s.kind, s.state, s.attempts, s.error, s.finishedAtMs, {}});
            if (!s.compensationKind.isEmpty()) {
                m_cards.push_back({s.step, true, s.compensationJobId, s.compensationKind,
                                   s.compensationJobId > 0 ? s.compensationState : std::nullopt, s.compensationAttempts,
                                   s.compensationError, 0, {}});
            }
        }
    }
    m_selected = -1;
    if (samePipeline && keep > 0) {
        for (size_t i = 0; i < m_cards.size(); ++i) {
            if (m_cards[i].jobId == keep)
                m_selected = int(i);
        }
    }
    layOut();
    updateGeometry();
    update();
    Q_EMIT selectionChanged();
}

void PipelineChain::layOut()
{
    const int h = cardHeight();
    const int width = std::max(200, this->width() - kCardLeft - kMargin);
    int y = kMargin;
    for (Card &c : m_cards) {
        const int left = kCardLeft + (c.compensation ? kIndent : 0);
        c.rect = QRect(left, y, width - (c.compensation ? kIndent : 0), h);
        y += h + kGap;
    }
    m_end = m_pipeline ? QRect(kCardLeft, y, width, endHeight(width)) : QRect();
    m_height = m_pipeline ? y + m_end.height() + kMargin : 0;
}

QSize PipelineChain::sizeHint() const
{
    return {420, std::max(m_height, cardHeight() * 2)};
}

QSize PipelineChain::minimumSizeHint() const
{
    return {300, m_height};
}

int PipelineChain::cardAt(const QPoint &pos) const
{
    for (size_t i = 0; i < m_cards.size(); ++i) {
        if (m_cards[i].rect.contains(pos))
            return int(i);
    }
    return -1;
}

qint64 PipelineChain::selectedJobId() const
{
    return m_selected >= 0 && m_selected < int(m_cards.size()) ? m_cards[size_t(m_selected)].jobId : 0;
}

void PipelineChain::selectCard(int index)
{
    if (index == m_selected || index < -1 || index >= int(m_cards.size()))
        return;
    m_selected = index;
    update();
    Q_EMIT selectionChanged();
}

QString PipelineChain::detailLine(const Card &c) const
{
    const QLocale locale;
    if (c.compensation && c.jobId <= 0) {
        const PipelineStepRecord &step = m_pipeline->steps[size_t(c.step - 1)];
        if (step.state != JobState::Succeeded)
            return tr("Not needed: step %1 did not succeed").arg(c.step);
        switch (m_pipeline->state) {
        case PipelineState::Running:
            return tr("Runs only if a later step fails");
        case PipelineState::Compensating:
            return tr("Runs once the steps after it are undone");
        case PipelineState::Succeeded:
        case PipelineState::Failed:
            return tr("Not needed");
        }
    }
    QStringList parts{tr("job %1").arg(c.jobId)};
    if (!c.state)
        return tr("job %1 was deleted").arg(c.jobId);
    switch (*c.state) {
    case JobState::Waiting:
        parts << (c.step > 1 ? tr("waits for step %1").arg(c.step - 1) : tr("waiting"));
        break;
    case JobState::Queued:
        parts << (c.attempts > 0 ? tr("queued again after %1").arg(attemptsText(c.attempts)) : tr("queued"));
        break;
    case JobState::Scheduled:
        parts << tr("retries soon after %1").arg(attemptsText(c.attempts));
        break;
    case JobState::Running:
        parts << tr("attempt %1, running").arg(std::max(1, c.attempts));
        break;
    case JobState::Cancelled:
        parts << (c.attempts > 0 ? tr("cancelled after %1").arg(attemptsText(c.attempts)) : tr("cancelled, never ran"));
        break;
    default:
        parts << attemptsText(c.attempts);
        if (c.finishedAtMs > 0)
            parts << tr("ended %1").arg(JobColumns::shortTime(c.finishedAtMs));
        break;
    }
    QString line = parts.join(QStringLiteral(" · "));
    if (!c.error.isEmpty() && c.state != JobState::Succeeded)
        line += QStringLiteral(" — ") + c.error.simplified();
    return line;
}

void PipelineChain::paintCard(QPainter &p, const Card &c, bool selected) const
{
    const QPalette &pal = palette();
    const bool pending = c.compensation && c.jobId <= 0;
    const QColor colour = c.state ? StateStyle::color(*c.state, pal) : pal.color(QPalette::PlaceholderText);
    const QRectF r = QRectF(c.rect).adjusted(0.5, 0.5, -0.5, -0.5);

    QColor border = selected ? pal.color(QPalette::Highlight) : pal.color(QPalette::Mid);
    if (!selected)
        border.setAlphaF(0.55);
    QPen pen(border, selected ? 2.0 : 1.0);
    if (pending)
        pen.setStyle(Qt::DashLine);
    p.setPen(pen);
    p.setBrush(pal.color(QPalette::Base));
    p.drawRoundedRect(r, 6, 6);
    if (c.compensation && !pending) { // a compensation that ran is tinted with its state: undoing shows
        QColor tint = colour;
        tint.setAlphaF(0.07);
        p.setPen(Qt::NoPen);
        p.setBrush(tint);
        p.drawRoundedRect(r, 6, 6);
    }
    if (!pending) {
        // The state's colour down the card's left edge.
        QPainterPath edge;
        edge.addRoundedRect(QRectF(r.left(), r.top(), 8, r.height()), 4, 4);
        p.save();
        p.setClipRect(QRectF(r.left(), r.top(), 4, r.height()));
        p.fillPath(edge, colour);
        p.restore();
    }

    const QFontMetrics fm = fontMetrics();
    QFont bold = font();
    bold.setWeight(QFont::DemiBold);
    const QFontMetrics boldMetrics(bold);
    const int left = c.rect.left() + 14;
    const int right = c.rect.right() - 12;
    const int top = c.rect.top() + 7;

    const QString stateText = pending ? QString() : c.state ? StateStyle::label(*c.state) : tr("Deleted");
    const int stateWidth = stateText.isEmpty() ? 0 : boldMetrics.horizontalAdvance(stateText);
    const QString title = c.compensation ? tr("Undo step %1").arg(c.step) : tr("Step %1").arg(c.step);
    p.setFont(bold);
    p.setPen(pending ? pal.color(QPalette::PlaceholderText) : pal.color(QPalette::Text));
    const int titleWidth = boldMetrics.horizontalAdvance(title);
    p.drawText(QRect(left, top, titleWidth, fm.height()), Qt::AlignLeft | Qt::AlignVCenter, title);
    if (!stateText.isEmpty()) {
        p.setPen(colour);
        p.drawText(QRect(right - stateWidth, top, stateWidth, fm.height()), Qt::AlignRight | Qt::AlignVCenter, stateText);
    }
    p.setFont(font());
    p.setPen(pending ? pal.color(QPalette::PlaceholderText) : pal.color(QPalette::Text));
    const int kindLeft = left + titleWidth + 10;
    const int kindWidth = std::max(0, right - stateWidth - 12 - kindLeft);
    p.drawText(QRect(kindLeft, top, kindWidth, fm.height()), Qt::AlignLeft | Qt::AlignVCenter,
               fm.elidedText(c.kind, Qt::ElideRight, kindWidth));

    const bool failed = c.state && !c.error.isEmpty() && c.state != JobState::Succeeded;
    p.setPen(failed ? colour : pal.color(QPalette::PlaceholderText));
    p.drawText(QRect(left, top + fm.height() + 4, right - left, fm.height()), Qt::AlignLeft | Qt::AlignVCenter,
               fm.elidedText(detailLine(c), Qt::ElideRight, right - left));
}

void PipelineChain::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QPalette &pal = palette();
    const QFontMetrics fm = fontMetrics();
    if (!m_pipeline) {
        p.setPen(pal.color(QPalette::PlaceholderText));
        p.drawText(rect().adjusted(12, 12, -12, -12), Qt::AlignHCenter | Qt::AlignTop | Qt::TextWordWrap,
                   tr("Select a pipeline to see its steps"));
        return;
    }

    // The rail, from the first step's node to the end node.
    QColor rail = pal.color(QPalette::Mid);
    rail.setAlphaF(0.6);
    if (!m_cards.empty()) {
        p.setPen(QPen(rail, 2));
        p.drawLine(QPointF(kRailX, m_cards.front().rect.center().y()), QPointF(kRailX, m_end.top() + 7 + fm.height() / 2.0));
    }
    for (size_t i = 0; i < m_cards.size(); ++i) {
        const Card &c = m_cards[i];
        const bool pending = c.compensation && c.jobId <= 0;
        const QColor colour = c.state ? StateStyle::color(*c.state, pal) : pal.color(QPalette::PlaceholderText);
        if (c.compensation) {
            // An elbow from the step above down into its compensation: it belongs to that step, not to the chain.
            const Card &step = m_cards[i - 1];
            QPen elbow(pending ? rail : colour, 1.5);
            if (pending)
                elbow.setStyle(Qt::DashLine);
            p.setPen(elbow);
            p.setBrush(Qt::NoBrush);
            const qreal x = step.rect.left() + kIndent / 2.0;
            QPainterPath path(QPointF(x, step.rect.bottom() + 1));
            path.lineTo(x, c.rect.center().y() - 6);
            path.quadTo(x, c.rect.center().y(), x + 6, c.rect.center().y());
            path.lineTo(c.rect.left() - 1, c.rect.center().y());
            p.drawPath(path);
        } else {
            // The step's node on the rail: filled once it ran to an end, a ring while it waits.
            const QPointF centre(kRailX, c.rect.center().y());
            const bool hollow = !c.state || *c.state == JobState::Waiting || *c.state == JobState::Queued
                || *c.state == JobState::Scheduled;
            p.setPen(QPen(colour, 2));
            p.setBrush(hollow ? pal.color(QPalette::Base) : QBrush(colour));
            p.drawEllipse(centre, kNodeRadius, kNodeRadius);
            p.setPen(QPen(rail, 1.5));
            p.drawLine(QPointF(kRailX + kNodeRadius + 2, centre.y()), QPointF(c.rect.left() - 1, centre.y()));
        }
        paintCard(p, c, int(i) == m_selected);
    }

    // The end: how the pipeline ended, or that it has not yet.
    const QColor endColour = StateStyle::color(m_pipeline->state, pal);
    const QPointF centre(kRailX, m_end.top() + 7 + fm.height() / 2.0);
    const bool ended = m_pipeline->state == PipelineState::Succeeded || m_pipeline->state == PipelineState::Failed;
    p.setPen(QPen(endColour, 2));
    p.setBrush(ended ? QBrush(endColour) : QBrush(pal.color(QPalette::Base)));
    p.drawRect(QRectF(centre.x() - kNodeRadius + 1, centre.y() - kNodeRadius + 1, 2 * kNodeRadius - 2, 2 * kNodeRadius - 2));
    QFont bold = font();
    bold.setWeight(QFont::DemiBold);
    QString title;
    switch (m_pipeline->state) {
    case PipelineState::Running:
        title = tr("Not ended yet");
        break;
    case PipelineState::Compensating:
        title = tr("Undoing step %1").arg(m_pipeline->step);
        break;
    case PipelineState::Succeeded:
        title = tr("Succeeded");
        break;
    case PipelineState::Failed:
        title = tr("Failed");
        break;
    }
    if (m_pipeline->finishedAtMs > 0)
        title += tr(" at %1").arg(JobColumns::shortTime(m_pipeline->finishedAtMs));
    const int left = m_end.left() + 2;
    const int width = m_end.width() - 4;
    p.setFont(bold);
    p.setPen(ended ? endColour : pal.color(QPalette::Text));
    p.drawText(QRect(left, m_end.top() + 7, width, fm.height()), Qt::AlignLeft | Qt::AlignVCenter, title);
    p.setFont(font());
    p.setPen(m_pipeline->state == PipelineState::Failed ? pal.color(QPalette::Text) : pal.color(QPalette::PlaceholderText));
    const QRect text = endTextRect(m_end.width()).translated(m_end.topLeft());
    // Cut to the lines it has room for; the tooltip has it whole.
    const QString detail = fm.elidedText(endDetail(), Qt::ElideRight, (text.width() - fm.averageCharWidth() * 4) * kEndLines);
    p.save();
    p.setClipRect(text);
    p.drawText(text, Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap, detail);
    p.restore();
}

void PipelineChain::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    layOut();
}

void PipelineChain::mousePressEvent(QMouseEvent *event)
{
    const int index = cardAt(event->position().toPoint());
    if (index >= 0)
        selectCard(index);
    QWidget::mousePressEvent(event);
}

void PipelineChain::mouseDoubleClickEvent(QMouseEvent *event)
{
    const int index = cardAt(event->position().toPoint());
    if (index >= 0 && m_cards[size_t(index)].jobId > 0)
        Q_EMIT jobActivated(m_cards[size_t(index)].jobId);
}

void PipelineChain::keyPressEvent(QKeyEvent *event)
{
    switch (event->key()) {
    case Qt::Key_Up:
        selectCard(std::max(0, m_selected - 1));
        return;
    case Qt::Key_Down:
        selectCard(std::min(int(m_cards.size()) - 1, m_selected + 1));
        return;
    case Qt::Key_Return:
    case Qt::Key_Enter:
        if (selectedJobId() > 0)
            Q_EMIT jobActivated(selectedJobId());
        return;
    default:
        QWidget::keyPressEvent(event);
    }
}

bool PipelineChain::event(QEvent *event)
{
    // The full error or reason, which a card shows cut to its width.
    if (event->type() == QEvent::ToolTip && m_pipeline) {
        auto *help = static_cast<QHelpEvent *>(event);
        QString text;
        if (const int index = cardAt(help->pos()); index >= 0)
            text = detailLine(m_cards[size_t(index)]);
        else if (m_end.contains(help->pos()))
            text = m_pipeline->reason.isEmpty() ? QString::fromUtf8(m_pipeline->result) : m_pipeline->reason;
        if (!text.isEmpty())
            QToolTip::showText(help->globalPos(), text, this);
        else
            QToolTip::hideText();
        return true;
    }
    return QWidget::event(event);
}

} // namespace jobdeck
