"""get_work_list: the submissions to an assignment, as the web tool lists
them.

Spec: 30-courses.md §9 (get_work_list row: GET work required -> "Action not
allowed"; teachers see every submission, anybody else their own; by
title; the submission columns, the HTML fields of get_work_user_list,
then feedback, feedback_clean, comments and the review label in
qualificator_id; event work_id; an assignment that is no row of the
course -> "No data available", where PHP dies). The ENGLISH101 demo
(sql/demo.sql): essay 2301 (qualification 10, due 2026-03-01) with
student1's corrected submission 2302 (8 points) and student2's 2303 (two
comments).
"""

import calendar
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from harness import (as_user, assert_eq, assert_error, assert_ok, authenticate, both_encodings,
                     call, events_since, last_event_id, msg, new_course, new_session, new_user,
                     php_float, php_int, sql_exec)
from course_tools_common import assert_course_checked, make_work, ordered, web_root

KEYS = ['user_id', 'id', 'title', 'description', 'url', 'sent_date', 'contains_file',
        'has_properties', 'view_properties', 'qualification', 'weight', 'allow_text_assignment',
        'firstname', 'lastname', 'username', 'parent_id', 'accepted', 'qualificator_id',
        'url_correction', 'title_correction', 'qualification_score', 'fullname', 'title_clean',
        'type', 'qualification_only', 'formatted_date', 'expiry_note', 'sent_date_from_db',
        'status', 'has_correction', 'actions', 'correction', 'feedback', 'feedback_clean',
        'comments']
COMMENT_KEYS = ['id', 'user_id', 'picture', 'complete_name', 'iid', 'c_id', 'work_id', 'comment',
                'file', 'sent_at', 'delete_file_url', 'file_path', 'file_url',
                'file_name_to_show', 'sent_at_with_label']
CIDREQ = 'cidReq=ENGLISH101&id_session=0&gidReq=0&gradebook=0&origin='
MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September',
          'October', 'November', 'December']


def ago(utc):
    """php-time-ago's English words for a UTC 'YYYY-MM-DD HH:MM:SS'."""
    d = int(time.time()) - calendar.timegm(time.strptime(utc, '%Y-%m-%d %H:%M:%S'))
    minute, hour, day, month, year = 60, 3600, 86400, 2592000, 31104000
    if d <= 29:
        return 'less than a minute ago'
    if d <= 89:
        return '1 minute ago'
    if d <= 44 * minute + 29:
        return '%d minutes ago' % (d // minute)
    if d <= 89 * minute + 29:
        return 'about 1 hour ago'
    if d <= 23 * hour + 59 * minute + 29:
        return '%d hours ago' % (d // hour)
    if d <= 47 * hour + 59 * minute + 29:
        return '1 day ago'
    if d <= 29 * day + 23 * hour + 59 * minute + 29:
        return '%d days ago' % (d // day)
    if d <= 59 * day + 23 * hour + 59 * minute + 29:
        return 'about 1 month ago'
    if d < year:
        return '%d months ago' % max(2, (d + month // 2) // month)
    if d < 2 * year:
        return 'about 1 year ago'
    return 'over %d years ago' % (d // year)


def long_date(utc):
    t = time.strptime(utc, '%Y-%m-%d %H:%M:%S')
    h = t.tm_hour % 12 or 12
    return '%s %02d, %04d at %02d:%02d %s' % (MONTHS[t.tm_mon - 1], t.tm_mday, t.tm_year, h,
                                              t.tm_min, 'AM' if t.tm_hour < 12 else 'PM')


def tip(utc):
    return '<span class="boot-tooltip" title="%s"  >%s</span>' % (long_date(utc), ago(utc))


def img(path, alt):
    return '<img src="%smain/img/%s" alt="%s" title="%s"  />' % (web_root(), path, alt, alt)


def work_url(page):
    return web_root() + 'main/work/' + page


def comments_icon(n):
    return '%s <em class="fa fa-comments-o" title=""  ></em> ' % n


def call_list(user, work, course=1, key=None, **kw):
    return call('get_work_list', user, key or authenticate(user, user), {'course': course},
                query={'work': work}, **kw)


def ada_essay(for_teacher):
    """student1's submission 2302 as the demo lists it."""
    i, sent = php_int, '2026-02-10 09:00:00'
    correction_link = ('<a href="%s"  >%s</a>' % (
        work_url('download.php?id=2302&' + CIDREQ + '&correction=1').replace('&', '&amp;'),
        img('icons/22/check-circle.png', 'Correction')))
    download = '<a href="%s">%s</a> ' % (work_url('download.php?id=2302&' + CIDREQ),
                                         img('icons/22/save.png', 'Save'))
    if for_teacher:
        confirm = 'onclick="javascript:if(!confirm(\'Please confirm your choice\')) return false;"'
        actions = (download
                   + '<a href="%s" title="View">%s</a> ' % (work_url('view.php?' + CIDREQ + '&id=2302'),
                                                            img('icons/22/rate_work.png', 'Correct and rate'))
                   + '<a href="%s" title="Edit"  >%s</a>' % (
                       work_url('edit.php?' + CIDREQ + '&item_id=2302&id=2301'), img('icons/22/edit.png', 'Edit'))
                   + '<a href="%s" title="Move">%s</a>' % (
                       work_url('work.php?' + CIDREQ + '&action=move&item_id=2302&id=2301'),
                       img('icons/22/move.png', 'Move'))
                   + '<a href="%s" title="Invisible" >%s</a>' % (
                       work_url('work_list_all.php?' + CIDREQ + '&id=2301&action=make_invisible&item_id=2302'),
                       img('icons/22/visible.png', 'Invisible'))
                   + '<a href="%s" %s title="Delete" >%s</a>' % (
                       work_url('work_list_all.php?' + CIDREQ + '&id=2301&action=delete&item_id=2302'),
                       confirm, img('icons/22/delete.png', 'Delete')))
    else:
        actions = download + '<a href="%s" title="View">%s</a>' % (
            work_url('view.php?' + CIDREQ + '&id=2302'), img('icons/22/default.png', 'View'))
    score = '<span class="label label-info">8.0 / 10</span>'
    return {
        'user_id': i(4), 'id': i(2302), 'title': '<div class="work-title"  >Ada essay</div>',
        'description': '', 'url': 'work/essay/ada.pdf',
        'sent_date': '<div class="work-date" title="%s %s"> %s</div>' % (ago(sent), sent, tip(sent)),
        'contains_file': i(1), 'has_properties': i(0), 'view_properties': None,
        'qualification': score, 'weight': php_float(0), 'allow_text_assignment': i(0),
        'firstname': 'Ada', 'lastname': 'Lovelace', 'username': 'student1', 'parent_id': i(2301),
        'accepted': i(1), 'qualificator_id': '<span class="label label-success">Revised</span>',
        'url_correction': 'work/essay/ada_corr.pdf', 'title_correction': 'Corrected',
        'qualification_score': php_float(8), 'fullname': '<div class="work-name"  >Ada Lovelace</div>',
        'title_clean': 'Ada essay', 'type': img('icons/22/file_pdf.png', 'ada.pdf'),
        'qualification_only': score, 'formatted_date': sent + ' ', 'expiry_note': '',
        'sent_date_from_db': sent, 'status': correction_link, 'has_correction': correction_link,
        'actions': '<div class="work-action">%s</div>' % actions,
        'feedback': comments_icon(0), 'feedback_clean': i(0), 'comments': [],
    }


@both_encodings
def test_teacher_sees_every_submission(enc):
    key = authenticate('teacher', 'teacher')
    since = last_event_id()
    resp = call_list('teacher', 2301, key=key, encoding=enc)
    data = assert_ok(resp)
    assert_eq([w['id'] for w in data], [php_int(2302), php_int(2303)], 'by title')
    assert_eq([k for k, _ in ordered(resp)[0]], KEYS, 'keys in order')
    ada = dict(data[0])
    correction = ada.pop('correction')
    assert_eq(ada, ada_essay(True), 'Ada essay')
    # The correction upload form and its script, with the correction sent.
    assert correction.startswith('\n                        <form\n                        '
                                 'id="file_upload_2302"\n'), correction
    assert ('action="%smain/inc/ajax/work.ajax.php?%s&a=upload_correction_file&item_id=2302"'
            % (web_root(), CIDREQ)) in correction, correction
    assert '<br />Corrected %s' % img('icons/16/check-circle.png', 'Correction') in correction
    assert correction.endswith('                    });\n                    </script>'), correction
    assert_eq(events_since(since),
              [('access_ws_get_work_list', 'work_id', '2301', '3', '1', '0')], 'event')


@both_encodings
def test_a_student_sees_their_own(enc):
    data = assert_ok(call_list('student1', 2301, encoding=enc))
    assert_eq(data, [dict(ada_essay(False), correction='')], 'student1')
    resp = call_list('student2', 2301, encoding=enc)
    alan = assert_ok(resp)
    assert_eq([w['id'] for w in alan], [php_int(2303)], 'student2')
    alan = alan[0]
    view = work_url('view.php?' + CIDREQ + '&id=2303')
    assert_eq(alan['qualification'],
              '<span class="label label-warning">?? / 10</span> <a href="%s"  >%s</a>'
              % (view.replace('&', '&amp;'), comments_icon(2)), 'not reviewed, two comments')
    assert_eq((alan['qualificator_id'], alan['status'], alan['feedback'], alan['feedback_clean']),
              ('<span class="label label-warning">Not reviewed</span>', '', comments_icon(2),
               php_int(2)), 'review and feedback')
    assert_eq([k for k, _ in ordered(resp)[0][-1][1][0]], COMMENT_KEYS, 'comment keys in order')
    i = php_int
    assert_eq(alan['comments'], [
        {'id': i(2340), 'user_id': i(3), 'picture': web_root() + 'main/img/unknown.jpg',
         'complete_name': 'Marie Curie (teacher)', 'iid': i(2340), 'c_id': i(1), 'work_id': i(2303),
         'comment': '<p>Good start <img src="%sapp/courses/ENGLISH101/document/star.png"></p>'
                    % web_root(),
         'file': None, 'sent_at': '2026-02-12 10:05:00', 'delete_file_url': None,
         'file_path': None, 'file_url': None, 'file_name_to_show': None,
         'sent_at_with_label': tip('2026-02-12 10:05:00')},
        {'id': i(2341), 'user_id': i(5), 'picture': web_root() + 'main/img/unknown.jpg',
         'complete_name': 'Alan Turing (student2)', 'iid': i(2341), 'c_id': i(1),
         'work_id': i(2303), 'comment': 'Thank you!', 'file': 'comment_2341_notes.txt',
         'sent_at': '2026-02-12 11:00:00',
         'delete_file_url': work_url('view.php?' + CIDREQ
                                     + '&id=2303&action=delete_attachment&comment_id=2341'),
         'file_path': None,
         'file_url': work_url('download_comment_file.php?comment_id=2341&' + CIDREQ),
         'file_name_to_show': 'notes.txt', 'sent_at_with_label': tip('2026-02-12 11:00:00')},
    ], 'comments by date')


def make_submission(course_id, parent, user, title='Sub', url='work/x/abc', sent=None,
                    accepted=1, active=1, session_id=None):
    iid = make_work(course_id, title=title, parent=parent, user_id=user.id, session_id=session_id)
    sql_exec("UPDATE c_student_publication SET url = %s, accepted = %s, active = %s,"
             " sent_date = COALESCE(%s::timestamp, sent_date) WHERE iid = %s",
             url, accepted, active, sent, iid)
    return iid


def test_what_each_caller_sees():
    teacher, a, b = new_user(status=1), new_user(), new_user()
    course = new_course(teacher=teacher, students=[a, b])
    work = make_work(course.id, user_id=teacher.id)
    mine = make_submission(course.id, work, a, title='B by a')
    hidden = make_submission(course.id, work, a, title='A hidden', accepted=0)
    odd = make_submission(course.id, work, a, title='C odd', accepted=2)
    make_submission(course.id, work, a, title='D deleted', active=2)
    other = make_submission(course.id, work, b, title='E by b')
    ids = lambda resp: [w['id'] for w in assert_ok(resp)]  # noqa: E731
    assert_eq(ids(as_user(teacher, 'get_work_list', {'course': course.id}, query={'work': work})),
              [php_int(x) for x in (hidden, mine, odd, other)], 'the teacher: all but deleted')
    assert_eq(ids(as_user(a, 'get_work_list', {'course': course.id}, query={'work': work})),
              [php_int(x) for x in (hidden, mine)], 'a learner: their own, accepted or not')
    # Another session's submissions are not the base course's.
    session = new_session(courses=[course], users=[b])
    make_submission(course.id, work, b, title='F in session', session_id=session.id)
    assert_eq(len(assert_ok(as_user(teacher, 'get_work_list', {'course': course.id},
                                    query={'work': work}))), 4, 'base course only')


def test_titles_dates_and_own_deletion():
    teacher, a = new_user(status=1), new_user()
    course = new_course(teacher=teacher, students=[a])
    work = make_work(course.id, user_id=teacher.id)
    sql_exec("INSERT INTO c_student_publication_assignment (c_id, expires_on, ends_on,"
             " add_to_calendar, enable_qualification, publication_id)"
             " VALUES (%s, '2026-01-01 00:00:00', NULL, 0, 0, %s)", course.id, work)
    long_title = 'A title that is longer than thirty bytes'
    sent = time.strftime('%Y-%m-%d %H:%M:%S', time.gmtime(time.time() - 3 * 3600 - 60))
    sub = make_submission(course.id, work, a, title=long_title, url='', sent=sent)
    sql_exec("UPDATE c_student_publication SET contains_file = 0 WHERE iid = %s", sub)
    sql_exec("INSERT INTO c_course_setting (c_id, variable, value, title)"
             " VALUES (%s, 'student_delete_own_publication', '1', '')", course.id)
    row = assert_ok(as_user(a, 'get_work_list', {'course': course.id}, query={'work': work}))[0]
    expired = '<span class="label label-danger">Expired</span> - '
    assert_eq(row['title'], '<span class="work-title" title="%s"  >%s...</span>'
              % (long_title, long_title[:27]), 'long title')
    assert_eq((row['formatted_date'], row['expiry_note']), (sent + ' ' + expired, expired),
              'expired')
    assert_eq(row['sent_date'], '<div class="work-date" title="3 hours ago %s">%s %s</div>'
              % (sent, expired, tip(sent)), 'sent date')
    assert_eq(row['type'], img('defaut.gif', 'defaut.gif'), 'no file')
    assert_eq(row['qualification'], '', 'no qualification on the assignment')
    code = sql_exec('SELECT code FROM course WHERE id = %s', course.id)[0][0]
    cidreq = 'cidReq=%s&id_session=0&gidReq=0&gradebook=0&origin=' % code
    confirm = 'onclick="javascript:if(!confirm(\'Please confirm your choice\')) return false;"'
    assert_eq(row['actions'], '<div class="work-action">'
              + '<a href="%s" title="View">%s</a>' % (work_url('view.php?%s&id=%s' % (cidreq, sub)),
                                                      img('icons/22/default.png', 'View'))
              + '<a href="%s" title="Modify">%s</a>' % (
                  work_url('edit.php?%s&item_id=%s&id=%s' % (cidreq, sub, work)),
                  img('icons/22/edit.png', 'Comment'))
              + ' <a href="%s" %s title="Delete"  >%s</a>' % (
                  work_url('work_list.php?%s&action=delete&item_id=%s&id=%s' % (cidreq, sub, work)),
                  confirm, img('icons/22/delete.png', 'Delete'))
              + '</div>', 'the author may edit and delete')


@both_encodings
def test_refused(enc):
    key = authenticate('teacher', 'teacher')
    # work is read from the query string only, as a scalar
    assert_error(call('get_work_list', 'teacher', key, {'course': 1, 'work': 2301}, encoding=enc),
                 msg('ActionNotAllowed'))
    assert_error(call('get_work_list', 'teacher', key, {'course': 1}, query={'work[]': '1'},
                      encoding=enc), msg('ActionNotAllowed'))
    # an assignment that is no row of the course
    assert_error(call('get_work_list', 'teacher', key, {'course': 1}, query={'work': 999999},
                      encoding=enc), msg('NoData'))
    assert_error(call('get_work_list', 'teacher', key, {'course': 1}, query={'work': 'abc'},
                      encoding=enc), msg('NoData'))


def test_course_checked():
    assert_course_checked('get_work_list')
