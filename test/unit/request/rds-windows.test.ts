import { backupWindow, maintenanceWindow, windowsOverlap } from '../../../src/request/rds-windows';

describe("RDS's backup and maintenance windows", () => {
  it.each([
    ['03:00-03:30', true],
    ['23:45-00:15', true],
    ['00:00-23:59', true],
    ['03:00-03:29', false],
    ['3:00-3:30', false],
    ['24:00-00:30', false],
    ['03:00 - 03:30', false],
  ])('backup window %s is valid: %s', (window, valid) => {
    expect(backupWindow.safeParse(window).success).toBe(valid);
  });

  it.each([
    ['sun:05:00-sun:05:30', true],
    ['SUN:05:00-SUN:05:30', true],
    ['sun:23:45-mon:00:15', true],
    ['sat:22:00-sun:02:00', true],
    ['sun:05:00-sun:05:10', false],
    ['sunday:05:00-sunday:05:30', false],
    ['05:00-05:30', false],
  ])('maintenance window %s is valid: %s', (window, valid) => {
    expect(maintenanceWindow.safeParse(window).success).toBe(valid);
  });

  it('keeps the maintenance window in the lower case RDS reports', () => {
    expect(maintenanceWindow.parse('Sun:05:00-Sun:05:30')).toBe('sun:05:00-sun:05:30');
  });

  it.each([
    ['03:00-03:30', 'sun:05:00-sun:05:30', false],
    ['05:15-05:45', 'sun:05:00-sun:05:30', true],
    ['04:45-05:15', 'wed:05:00-wed:05:30', true],
    ['05:30-06:00', 'sun:05:00-sun:05:30', false],
    // Across midnight, on either side.
    ['23:50-00:30', 'sat:23:00-sun:01:00', true],
    ['23:50-00:30', 'sat:01:00-sat:02:00', false],
    // Across the end of the week.
    ['00:10-00:40', 'sun:23:30-mon:00:20', true],
  ])('backup %s and maintenance %s overlap: %s', (backup, maintenance, overlap) => {
    expect(windowsOverlap(backup, maintenance)).toBe(overlap);
  });
});
