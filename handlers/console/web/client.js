// The console's charts: each [data-chart] element is drawn with ECharts from the JSON the
// console serves (data-src: /console/api/metrics?…) or from its own data-values. Plain script,
// no build step; served as /console/assets/console.js (the page's CSP allows no inline script).
(function () {
  'use strict';
  var STAGES = ['新人', '活跃', '高潜', '忠实', 'KOC', '沉默', '流失风险'];
  var STAGE_COLORS = ['#74c0fc', '#51cf66', '#fcc419', '#ff922b', '#e64980', '#adb5bd', '#fa5252'];
  var ACCENT = '#d9480f';
  var SOFT = '#ffc9a8';
  var GREY = '#bfb5aa';
  var FONT = 'system-ui,-apple-system,"PingFang SC","Noto Sans CJK SC","Noto Sans SC","Microsoft YaHei",sans-serif';
  var charts = [];
  var loads = {};

  function load(url) {
    if (!loads[url]) {
      loads[url] = fetch(url, { credentials: 'same-origin', headers: { accept: 'application/json' } }).then(function (r) {
        if (!r.ok) throw new Error('HTTP ' + r.status);
        return r.json();
      });
    }
    return loads[url];
  }

  function yuan(fen) { return fen == null ? null : Math.round(fen) / 100; }
  function percent(rate) { return rate == null ? null : Math.round(rate * 1000) / 10; }
  function shortWeek(week) { var p = week.split('-'); return Number(p[1]) + '/' + Number(p[2]); }
  // "9月"; the first month shown and every January with the year: "2026年1月".
  function monthLabels(months, to) {
    return months.map(function (month, i) {
      var p = month.split('-');
      var text = (i === 0 || p[1] === '01' ? p[0] + '年' : '') + Number(p[1]) + '月';
      return to && to.slice(0, 7) === month ? text + '至今' : text;
    });
  }
  function cut(text, n) { return text.length > n ? text.slice(0, n - 1) + '…' : text; }

  // Weeks before the shop had anything to show are left out (at least `keep` stay).
  function trimLeading(rows, isEmpty, keep) {
    var i = 0;
    while (i < rows.length - keep && isEmpty(rows[i])) i++;
    return rows.slice(i);
  }

  function base(extra) {
    var o = {
      textStyle: { fontFamily: FONT },
      grid: { left: 8, right: 12, top: 36, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis', confine: true },
      animationDuration: 400,
    };
    for (var k in extra) o[k] = extra[k];
    return o;
  }
  function legend(names) { return { type: 'scroll', top: 0, data: names, itemWidth: 12, itemHeight: 10, textStyle: { fontSize: 12 } }; }
  var axisLabel = { fontSize: 11, color: '#857b70' };
  // Every month named while they fit (up to half a year); beyond that ECharts leaves some out.
  function monthAxis(n) { return { fontSize: 11, color: '#857b70', interval: n <= 6 ? 0 : 'auto', hideOverlap: n > 6 }; }

  var BUILD = {
    // 每周销售（元）and 订单, two axes.
    weekly: function (m) {
      var weeks = trimLeading(m.weekly, function (w) { return w.orders === 0; }, 6);
      if (!weeks.length) return null;
      m = { weekly: weeks };
      return base({
        legend: legend(['销售额', '订单']),
        xAxis: { type: 'category', data: m.weekly.map(function (w) { return shortWeek(w.week); }), axisLabel: axisLabel },
        yAxis: [
          { type: 'value', name: '元', nameTextStyle: axisLabel, axisLabel: axisLabel, splitLine: { lineStyle: { color: '#f1ebe4' } } },
          { type: 'value', name: '单', nameTextStyle: axisLabel, axisLabel: axisLabel, splitLine: { show: false }, minInterval: 1 },
        ],
        series: [
          { name: '销售额', type: 'bar', data: m.weekly.map(function (w) { return yuan(w.salesFen); }), itemStyle: { color: SOFT, borderRadius: [4, 4, 0, 0] }, barMaxWidth: 28 },
          { name: '订单', type: 'line', yAxisIndex: 1, data: m.weekly.map(function (w) { return w.orders; }), itemStyle: { color: ACCENT }, symbolSize: 6 },
        ],
      });
    },
    // Members per stage at the end of each week, stacked.
    stages: function (m, narrow) {
      var weeks = trimLeading(m.stages, function (s) { for (var k in s.counts) if (s.counts[k]) return false; return true; }, 6);
      if (!weeks.length) return null;
      m = { stages: weeks };
      return base({
        // Seven names do not fit one line on a phone: they wrap, and the plot starts lower.
        legend: { top: 0, data: STAGES, itemWidth: 12, itemHeight: 10, itemGap: 8, textStyle: { fontSize: 12 } },
        color: STAGE_COLORS,
        grid: { left: 8, right: 12, top: narrow ? 58 : 36, bottom: 8, containLabel: true },
        xAxis: { type: 'category', data: m.stages.map(function (s) { return shortWeek(s.week); }), axisLabel: axisLabel },
        yAxis: { type: 'value', minInterval: 1, axisLabel: axisLabel, splitLine: { lineStyle: { color: '#f1ebe4' } } },
        series: STAGES.map(function (stage) {
          return { name: stage, type: 'bar', stack: 'all', barMaxWidth: 32, data: m.stages.map(function (s) { return s.counts[stage] || 0; }) };
        }),
      });
    },
    // The stages now, as a pyramid of horizontal bars (data-values from the page).
    pyramid: function (values) {
      var order = STAGES.slice().reverse();
      return base({
        tooltip: { trigger: 'item', confine: true },
        grid: { left: 8, right: 28, top: 8, bottom: 8, containLabel: true },
        xAxis: { type: 'value', minInterval: 1, axisLabel: axisLabel, splitLine: { lineStyle: { color: '#f1ebe4' } } },
        yAxis: { type: 'category', data: order, axisLabel: { fontSize: 12, color: '#2d2a26' }, axisTick: { show: false } },
        series: [{
          type: 'bar', barMaxWidth: 22, label: { show: true, position: 'right', fontSize: 11 },
          data: order.map(function (stage) { return { value: values[stage] || 0, itemStyle: { color: STAGE_COLORS[STAGES.indexOf(stage)], borderRadius: [0, 4, 4, 0] } }; }),
        }],
      });
    },
    // 月复购率 by month.
    repurchase: function (m) {
      var months = trimLeading(m.repurchase, function (r) { return r.buyers === 0; }, 3);
      if (!months.length) return null;
      m = { repurchase: months, range: m.range };
      return base({
        tooltip: {
          trigger: 'axis', confine: true,
          formatter: function (ps) {
            var r = m.repurchase[ps[0].dataIndex];
            return r.month + '<br>上月下单 ' + r.buyers + ' 人，本月又下单 ' + r.repeat + ' 人<br>复购率 ' + (r.rate == null ? '—' : percent(r.rate) + '%');
          },
        },
        xAxis: { type: 'category', data: monthLabels(m.repurchase.map(function (r) { return r.month; }), m.range.to), axisLabel: monthAxis(m.repurchase.length) },
        yAxis: { type: 'value', max: 100, axisLabel: { fontSize: 11, color: '#857b70', formatter: '{value}%' }, splitLine: { lineStyle: { color: '#f1ebe4' } } },
        series: [{
          type: 'bar', barMaxWidth: 32, itemStyle: { color: ACCENT, borderRadius: [4, 4, 0, 0] },
          label: { show: true, position: 'top', fontSize: 11, formatter: function (p) { return p.value == null ? '' : p.value + '%'; } },
          data: m.repurchase.map(function (r) { return percent(r.rate); }),
        }],
      });
    },
    // Per stream: reservations → reminded → ordered.
    streams: function (m) {
      if (!m.streams.length) return null;
      var names = ['预约', '提醒', '下单'];
      var keys = ['reservations', 'reminded', 'ordered'];
      var colors = [SOFT, '#ffa94d', ACCENT];
      return base({
        legend: legend(names),
        xAxis: { type: 'category', data: m.streams.map(function (s) { return cut(s.title || ('第' + s.stream + '场'), 8); }), axisLabel: axisLabel },
        yAxis: { type: 'value', minInterval: 1, axisLabel: axisLabel, splitLine: { lineStyle: { color: '#f1ebe4' } } },
        series: keys.map(function (k, i) {
          return { name: names[i], type: 'bar', barMaxWidth: 22, itemStyle: { color: colors[i], borderRadius: [4, 4, 0, 0] }, data: m.streams.map(function (s) { return s[k]; }) };
        }),
      });
    },
    // Recall: comeback and order rates, contacted vs held back.
    recall: function (m) {
      var r = m.recall;
      if (!r.runs) return null;
      return base({
        legend: legend(['联系了', '没联系（对照）']),
        xAxis: { type: 'category', data: ['回来了', '下单了'], axisLabel: { fontSize: 12 } },
        yAxis: { type: 'value', axisLabel: { fontSize: 11, color: '#857b70', formatter: '{value}%' }, splitLine: { lineStyle: { color: '#f1ebe4' } } },
        series: [
          { name: '联系了', type: 'bar', barMaxWidth: 40, itemStyle: { color: ACCENT, borderRadius: [4, 4, 0, 0] }, label: { show: true, position: 'top', formatter: '{c}%', fontSize: 11 }, data: [percent(r.comeback.contacted), percent(r.order.contacted)] },
          { name: '没联系（对照）', type: 'bar', barMaxWidth: 40, itemStyle: { color: GREY, borderRadius: [4, 4, 0, 0] }, label: { show: true, position: 'top', formatter: '{c}%', fontSize: 11 }, data: [percent(r.comeback.control), percent(r.order.control)] },
        ],
      });
    },
    // New members per month, and how many a member invited.
    referral: function (m) {
      var months = trimLeading(m.referral, function (r) { return r.newMembers === 0; }, 3);
      if (!months.length) return null;
      m = { referral: months, range: m.range };
      return base({
        legend: legend(['新成员', '被邀请的']),
        xAxis: { type: 'category', data: monthLabels(m.referral.map(function (r) { return r.month; }), m.range.to), axisLabel: monthAxis(m.referral.length) },
        yAxis: { type: 'value', minInterval: 1, axisLabel: axisLabel, splitLine: { lineStyle: { color: '#f1ebe4' } } },
        series: [
          { name: '新成员', type: 'bar', barMaxWidth: 28, itemStyle: { color: SOFT, borderRadius: [4, 4, 0, 0] }, data: m.referral.map(function (r) { return r.newMembers; }) },
          { name: '被邀请的', type: 'bar', barMaxWidth: 28, itemStyle: { color: ACCENT, borderRadius: [4, 4, 0, 0] }, data: m.referral.map(function (r) { return r.invited; }) },
        ],
      });
    },
  };

  function empty(el, text) {
    el.classList.add('drawn-empty');
    el.style.height = 'auto';
    el.innerHTML = '';
    var p = document.createElement('p');
    p.className = 'empty';
    p.textContent = text;
    el.appendChild(p);
  }

  function draw(el, build, data) {
    var option = build(data, el.clientWidth < 480);
    if (!option) return empty(el, '还没有数据，过几天再来看看～');
    var chart = echarts.init(el, null, { renderer: 'canvas' });
    // Marked drawn once ECharts has finished (its animation included): what a test waits for.
    chart.on('finished', function () { el.setAttribute('data-drawn', '1'); });
    chart.setOption(option);
    charts.push(chart);
  }

  function start() {
    if (typeof echarts === 'undefined') return;
    var els = document.querySelectorAll('[data-chart]');
    Array.prototype.forEach.call(els, function (el) {
      var build = BUILD[el.getAttribute('data-chart')];
      if (!build) return;
      var values = el.getAttribute('data-values');
      if (values) return draw(el, build, JSON.parse(values));
      load(el.getAttribute('data-src')).then(function (m) { draw(el, build, m); }, function () {
        empty(el, '图表没加载出来，请下拉刷新再试。');
      });
    });
    var timer;
    window.addEventListener('resize', function () {
      clearTimeout(timer);
      timer = setTimeout(function () { charts.forEach(function (c) { c.resize(); }); }, 150);
    });
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
