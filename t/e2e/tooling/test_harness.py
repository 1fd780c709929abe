"""The harness's data helpers make rows the API itself reads back: a user
through save_user, a course with its teacher and students, a session, a class
(harness.new_user, new_course, new_session, new_class, as_user,
assert_ordered)."""

from harness import (as_user, assert_eq, assert_ok, assert_ordered, msg, new_class, new_course,
                     new_session, new_user, php_int, sql)


def test_a_course_with_its_teacher_and_students():
    teacher = new_user(status=1)
    students = [new_user(), new_user()]
    course = new_course(teacher=teacher, students=students)
    for user in [teacher] + students:
        courses = assert_ok(as_user(user, 'user_courses'))
        mine = [c for c in courses if c['code'] == course.code]
        assert_eq(len(mine), 1, 'the course among %s\'s courses' % user.username)
        assert_eq(mine[0]['id'], course.id, 'course id (a number the PHP casts)')
        name = 'F%s L%s' % (teacher.username, teacher.username)  # new_user's names
        assert_eq(mine[0]['teachers'], name, 'the course\'s teacher')


def test_a_session_and_a_class():
    user = new_user()
    course = new_course(students=[user])
    session = new_session(courses=[course], users=[user])
    assert_eq(sql('SELECT count(*) FROM session_rel_course_rel_user WHERE session_id = %s'
                  ' AND user_id = %s', session.id, user.id), [('1',)], 'session membership')
    group = new_class(users=[user])
    assert_eq(sql('SELECT user_id FROM usergroup_rel_user WHERE usergroup_id = %s', group.id),
              [(str(user.id),)], 'class membership')


def test_as_user_and_the_catalogue():
    user = new_user()
    profile = assert_ok(as_user(user, 'user_profile'))
    assert_eq(profile['id'], user.id, 'profile id')
    assert_eq(profile['username'], user.username, 'profile username')
    resp = as_user(user, 'get_users', {'status': '5'})
    assert resp.json == {'error': True, 'message': msg('NotAllowed')}, resp.json
    users = assert_ok(as_user(new_user(status=1), 'username_exist', {'loginname': user.username}))
    assert_eq(users, [True], 'username_exist')
    assert_ordered([php_int(3), php_int(10)], key=int)
