#pragma once

#include "model/Pipeline.h"

#include <QWidget>
#include <vector>

namespace jobdeck {

// A pipeline drawn as a vertical chain: one card per step on a rail, in order, with its job's state, attempts and
// error; each step's compensation indented under the step it undoes (dashed while it is not needed); and a last
// node with how the pipeline ended. A click selects a card; a double click or Enter asks for its job's details.
class PipelineChain final : public QWidget {
    Q_OBJECT
public:
    // One card as laid out, in drawing order (step 1, its compensation, step 2, ...).
    struct Card {
        int step = 0;
        bool compensation = false;
        qint64 jobId = 0; // 0: a compensation not enqueued
        QString kind;
        std::optional<JobState> state;
        int attempts = 0;
        QString error;
        qint64 finishedAtMs = 0;
        QRect rect;
    };

    explicit PipelineChain(QWidget *parent = nullptr);

    void setPipeline(const std::optional<PipelineRecord> &pipeline);
    const std::vector<Card> &cards() const { return m_cards; }
    int cardAt(const QPoint &pos) const;
    qint64 selectedJobId() const;
    void selectCard(int index);

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

Q_SIGNALS:
    void jobActivated(qint64 jobId);
    void selectionChanged();

protected:
    bool event(QEvent *event) override;
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;

private:
    void layOut();
    void paintCard(QPainter &p, const Card &card, bool selected) const;
    QString detailLine(const Card &card) const;
    int cardHeight() const;
    QString endDetail() const;
    QRect endTextRect(int width) const; // within the end card
    int endHeight(int width) const;

    std::optional<PipelineRecord> m_pipeline;
    std::vector<Card> m_cards;
    QRect m_end; // the last node: how the pipeline ended
    int m_selected = -1;
    int m_height = 0;
};

} // namespace jobdeck
