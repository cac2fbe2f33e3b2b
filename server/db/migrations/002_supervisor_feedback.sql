-- Supervisors (who see every RM's book) rate answers too.
ALTER TABLE feedback DROP CONSTRAINT feedback_by_role_check;
ALTER TABLE feedback ADD CONSTRAINT feedback_by_role_check CHECK (by_role IN ('rm', 'supervisor', 'customer'));
